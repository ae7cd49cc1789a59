using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Mvc;
using TrainingHub.Kernel;
using TrainingHub.Reference;
using Wolverine.Http;

namespace TrainingHub.Catalogue;

public sealed class ProgrammeView
{
    public Guid Id { get; set; }
    public Guid ProviderId { get; set; }
    public string Title { get; set; } = "";
    public string? Summary { get; set; }
    public string Level { get; set; } = "";
    public List<string> Disciplines { get; set; } = [];
    public List<string> Standards { get; set; } = [];
    public List<string> TargetAudiences { get; set; } = [];
    public List<string> DeliveryModes { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public List<string> Regions { get; set; } = [];
    public List<string> Countries { get; set; } = [];
    /// <summary>Its regions plus the regions of its countries: what the region filter and gap reports use.</summary>
    public List<string> ServedRegions { get; set; } = [];
    public int? DurationHours { get; set; }
    public int? PassMark { get; set; }
    public string? Url { get; set; }
    /// <summary>public: listed in the open catalogue; private: seen with a key only.</summary>
    public string Visibility { get; set; } = ProgrammeVisibility.Public;
    /// <summary>Organisations that run it with the provider, each with its role.</summary>
    public List<ProgrammePartner> Partners { get; set; } = [];
    /// <summary>The provider and the partners that organise (not funders): whom the provider filter finds it by.</summary>
    public List<Guid> Organisers { get; set; } = [];
    /// <summary>The programme this one builds on.</summary>
    public Guid? FollowsOn { get; set; }
    /// <summary>What it teaches, module by module (none described for programmes recorded before modules existed).</summary>
    public List<ProgrammeModule> Modules { get; set; } = [];
    /// <summary>The element tags its modules teach, each once: what the element filter searches.</summary>
    public List<string> Elements { get; set; } = [];
    /// <summary>Training of trainers.</summary>
    public bool TrainsTrainers { get; set; }
    public string Status { get; set; } = ProgrammeStatus.Active;
    public string? RetirementReason { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

public static class ProgrammeStatus
{
    public const string Active = "active";
    public const string Retired = "retired";
}

public sealed partial class ProgrammeViewProjection : SingleStreamProjection<ProgrammeView, Guid>
{
    public ProgrammeView Create(IEvent<ProgrammeRegistered> e) => From(e.Data, e.Timestamp);

    public void Apply(IEvent<ProgrammeRevised> e, ProgrammeView view)
    {
        Fill(view, e.Data.Details);
        Touch(view, e);
    }

    public void Apply(IEvent<ProgrammeRetired> e, ProgrammeView view)
    {
        view.Status = ProgrammeStatus.Retired;
        view.RetirementReason = e.Data.Reason;
        Touch(view, e);
    }

    public static ProgrammeView From(ProgrammeRegistered registered, DateTimeOffset at)
    {
        var view = new ProgrammeView
        {
            Id = registered.ProgrammeId,
            ProviderId = registered.ProviderId,
            RegisteredAt = at,
            UpdatedAt = at,
            Version = 1,
        };
        Fill(view, registered.Details);
        return view;
    }

    private static void Touch(ProgrammeView view, IEvent e)
    {
        view.UpdatedAt = e.Timestamp;
        view.Version = (int)e.Version;
    }

    private static void Fill(ProgrammeView view, ProgrammeDetails details)
    {
        view.Title = details.Title;
        view.Summary = details.Summary;
        view.Level = details.Level;
        view.Disciplines = [.. details.Disciplines];
        view.Standards = [.. details.Standards];
        view.TargetAudiences = [.. details.TargetAudiences];
        view.DeliveryModes = [.. details.DeliveryModes];
        view.Languages = [.. details.Languages];
        view.Regions = [.. details.Regions];
        view.Countries = [.. details.Countries];
        view.ServedRegions = [.. ReferenceData.Current.ServedRegions(details.Regions, details.Countries)];
        view.DurationHours = details.DurationHours;
        view.PassMark = details.PassMark;
        view.Url = details.Url;
        view.Visibility = details.Visibility ?? ProgrammeVisibility.Public;
        view.Partners = [.. details.Partners ?? []];
        view.Organisers = [.. PartnerRoles.Organisers(view.ProviderId, details.Partners)];
        view.FollowsOn = details.FollowsOn;
        view.Modules = [.. details.Modules ?? []];
        view.Elements = [.. ProgrammeModule.ElementsOf(details.Modules)];
        view.TrainsTrainers = details.TrainsTrainers ?? false;
    }
}

public static class GetProgrammeEndpoint
{
    [WolverineGet("/api/programmes/{id}", OperationId = "getProgramme")]
    [ProducesResponseType<ProgrammeView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var view = await session.LoadAsync<ProgrammeView>(id, ct);
        if (view is null) return TypedResults.Problem(Problems.NotFound("Programme", id));
        response.SetETag(view.Version);
        return TypedResults.Ok(view);
    }
}
