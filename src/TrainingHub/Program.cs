using JasperFx;
using TrainingHub.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTrainingHub();

var app = builder.Build();
app.UseTrainingHub();

// JasperFx commands: `dotnet run -- db-apply`, `projections --rebuild`, `codegen write`, `describe`...
return await app.RunJasperFxCommands(args);

// Lets the test host bootstrap the real application.
public partial class Program;
