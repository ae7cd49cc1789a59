using JasperFx;
using TrainingHub.Hosting;

// Settings files are read once: watching them for changes cost a file watcher each at every start, and nothing here
// reacts to a change.
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddTrainingHub();

var app = builder.Build();
app.UseTrainingHub();

// Plain start: skip JasperFx's command discovery, which costs a measurable part of a cold start (README, Performance).
if (args.Length == 0)
{
    await app.RunAsync();
    return 0;
}

// JasperFx commands: `dotnet run -- db-apply`, `projections rebuild`, `codegen write`, `describe`...
return await app.RunJasperFxCommands(args);

// Lets the test host bootstrap the real application.
public partial class Program;
