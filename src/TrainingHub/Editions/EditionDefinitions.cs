namespace TrainingHub.Editions;

/// <summary>The definitions sheet: the rules of the figures, in the words of the README's report sections.</summary>
public static class EditionDefinitions
{
    public static readonly IReadOnlyList<(string Term, string Definition)> All =
    [
        ("As of", "Only what was recorded at or before this instant counts; each programme and offering is taken as it stood then. The live reports asked with the same asOf and filters give the same figures."),
        ("Date range", "Offerings whose start date, as of asOf, lies in the range (default: three years before asOf to one year after)."),
        ("Where an offering counts", "In the region(s) of its venue country; an online or self-paced offering, in every region its programme serves (its regions and the regions of its countries)."),
        ("Country group", "Offerings held in a member country or, without a venue, whose programme names one; needs of member countries; country figures count members only."),
        ("Supply", "Every offering in scope that is not cancelled. Cancelled offerings only enter the cancellation rate."),
        ("Seats, confirmed, waitlisted", "Seats = capacity; confirmed = trainees holding a seat (confirmed, completed or did-not-complete); waitlisted = trainees waiting for a seat."),
        ("Completed, passed", "Tracked enrolments plus reported participation (training run outside TrainingHub, as its provider reported it). 'Reported participants' shows the reported part alone."),
        ("Countries reached", "Distinct countries of residence of tracked completed trainees and countries named by reported participation."),
        ("Gap status", "The first that applies: uncovered (no offering), oversubscribed (waitlist and every seat taken), thin (fewer than the minimum offerings, 2), covered."),
        ("Overlap", "Two supply offerings of programmes with no organiser in common (provider or co-organiser; funders do not count), same level and language, same venue country (or intersecting regions when either has no venue), at most 90 days apart, whose standards (or disciplines when neither names a standard) have a Jaccard similarity of at least 0.5."),
        ("Joint programme", "A programme run by its provider with co-organisers, hosts or technical partners (and funders). It counts for each organiser in 'by provider' figures and is never an overlap with their offerings."),
        ("Coverage", "Countries reached that are member countries of the regions in scope / member countries of the regions in scope."),
        ("Delivered", "Not cancelled and ended on or before asOf."),
        ("Rates", "Fill rate = confirmed / seats; completion rate = completed / (confirmed + reported participants); pass rate = passed / completed; cancellation rate = cancelled / scheduled. Empty over nothing. Rates to 4 decimals, means to 2, half away from zero."),
        ("Needs vs supply", "A need is served by supply offerings counting in its country, at its level, sharing a standard (else a discipline), in one of its languages, starting between the day it was recorded and its needed-by date. Unmet trainees = trainees needed − seats offered, never below 0 (0 when marked met)."),
        ("Curriculum", "A programme's modules name the element tags of the standards they teach. An element is core when at least half of the programmes in scope that describe their modules teach it; taught nowhere when none does."),
        ("Programme review", "An analyst's review scores six criteria from 0 (not met) to 3 (fully met), with a rationale, and recommends support within the Global Programme, support if improved, or not now. The latest review recorded by asOf stands; unmet = scored 0 or 1."),
        ("Participant evaluation", "Reaction answers (satisfaction 1-5) and follow-up answers months later, recorded per enrolment through partners and as providers' anonymous totals, together. Applied rate = applied at work / follow-ups; follow-up response rate = follow-ups / completed trainees."),
        ("Funding", "Funding lines and total costs as last recorded by asOf, per funder and currency; amounts in different currencies are never added. Cost per completed trainee = total cost / completed trainees."),
    ];
}
