using Ical.Net;
using Ical.Net.CalendarComponents;
using TrainingHub.OpenCatalogue;

namespace TrainingHub.UnitTests.OpenCatalogue;

public class OfferingCalendarTests
{
    private const string Domain = "traininghub.example.org";

    private static readonly CalendarEntry Workshop = new(
        Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-901234567890"), "Migration statistics, regional workshop", "Day one: concepts.",
        new DateOnly(2027, 3, 8), new DateOnly(2027, 3, 12), Cancelled: false, Sequence: 2,
        new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.FromHours(2)), "Addis Ababa", "https://traininghub.example.org/o/1");

    private static readonly CalendarEntry Cancelled = Workshop with
    {
        OfferingId = Guid.Parse("0a1b2c3d-0000-4000-8000-000000000002"), Cancelled = true, Sequence = 5,
        Description = null, Location = null, Url = null,
    };

    private static CalendarEvent Parsed(CalendarEntry entry) =>
        Calendar.Load(OfferingCalendar.Write("Offerings", [entry], Domain))!.Events.Single();

    [Fact]
    public void The_calendar_is_a_published_feed_with_its_name_and_product()
    {
        var text = OfferingCalendar.Write("Offerings of UNFPA", [Workshop, Cancelled], Domain);
        var calendar = Calendar.Load(text)!;

        Assert.Equal(OfferingCalendar.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("Offerings of UNFPA", calendar.Properties["X-WR-CALNAME"]!.Value);
        Assert.Equal(2, calendar.Events.Count);
    }

    [Fact]
    public void An_event_has_a_stable_uid_from_the_offering_id()
    {
        Assert.Equal($"{Workshop.OfferingId}@{Domain}", Parsed(Workshop).Uid);
    }

    [Fact]
    public void Dates_are_all_day_with_an_exclusive_end()
    {
        var parsed = Parsed(Workshop);
        var text = OfferingCalendar.Write("Offerings", [Workshop], Domain);

        Assert.True(parsed.IsAllDay);
        Assert.False(parsed.DtStart!.HasTime);
        Assert.False(parsed.DtEnd!.HasTime);
        Assert.Equal(new DateOnly(2027, 3, 8), parsed.DtStart.Date);
        Assert.Equal(new DateOnly(2027, 3, 13), parsed.DtEnd.Date);
        Assert.Contains("DTSTART;VALUE=DATE:20270308\r\n", text);
        Assert.Contains("DTEND;VALUE=DATE:20270313\r\n", text);
    }

    [Fact]
    public void Sequence_stamp_and_last_modified_come_from_the_offering_in_utc()
    {
        var parsed = Parsed(Workshop);
        var text = OfferingCalendar.Write("Offerings", [Workshop], Domain);

        Assert.Equal(2, parsed.Sequence);
        Assert.Equal(new DateTime(2026, 11, 25, 7, 30, 0, DateTimeKind.Utc), parsed.DtStamp!.AsUtc);
        Assert.Equal(new DateTime(2026, 11, 25, 7, 30, 0, DateTimeKind.Utc), parsed.LastModified!.AsUtc);
        Assert.Contains("DTSTAMP:20261125T073000Z\r\n", text);
        Assert.Contains("LAST-MODIFIED:20261125T073000Z\r\n", text);
    }

    [Fact]
    public void Status_is_confirmed_or_cancelled()
    {
        Assert.Equal(EventStatus.Confirmed, Parsed(Workshop).Status);
        var cancelled = Parsed(Cancelled);
        Assert.Equal(EventStatus.Cancelled, cancelled.Status);
        Assert.Equal(5, cancelled.Sequence);
    }

    [Fact]
    public void Location_and_url_are_written_and_absent_ones_left_out()
    {
        var parsed = Parsed(Workshop);
        Assert.Equal("Addis Ababa", parsed.Location);
        Assert.Equal(new Uri("https://traininghub.example.org/o/1"), parsed.Url);

        var text = OfferingCalendar.Write("Offerings", [Cancelled], Domain);
        Assert.DoesNotContain("LOCATION", text);
        Assert.DoesNotContain("URL", text);
        Assert.DoesNotContain("DESCRIPTION", text);
    }

    [Fact]
    public void Text_with_separators_line_breaks_and_unicode_round_trips()
    {
        const string title = "Statistiques; migrations, Côte d'Ivoire & Türkiye — 移民统计";
        const string description = "Line one, with a comma;\nline two: a semicolon; a backslash \\ and Ελληνικά.\n"
            + "A long line that must be folded because it is well over seventy-five octets in UTF-8, ünïcödé included.";
        var parsed = Parsed(Workshop with { Title = title, Description = description, Location = "Genève, Palais des Nations" });

        Assert.Equal(title, parsed.Summary);
        Assert.Equal(description, parsed.Description);
        Assert.Equal("Genève, Palais des Nations", parsed.Location);
    }

    [Fact]
    public void The_same_entries_give_the_same_text()
    {
        var first = OfferingCalendar.Write("Offerings", [Workshop, Cancelled], Domain);
        var second = OfferingCalendar.Write("Offerings", [Workshop with { }, Cancelled with { }], Domain);
        Assert.Equal(first, second);
    }
}
