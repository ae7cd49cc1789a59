using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace TrainingHub.OpenCatalogue;

/// <summary>One offering as a calendar event: its dates are whole days, its end date the last day it runs.</summary>
public sealed record CalendarEntry(Guid OfferingId, string Title, string? Description, DateOnly StartDate, DateOnly EndDate,
    bool Cancelled, int Sequence, DateTimeOffset LastModified, string? Location, string? Url);

/// <summary>
/// Offerings as an RFC 5545 calendar to subscribe to. The same entries always give the same text: the UID comes from the
/// offering's id and DTSTAMP from its last change, so a subscriber sees an event change only when the offering did
/// (and a cancelled one stays, marked CANCELLED, so calendars that imported it drop it).
/// </summary>
public static class OfferingCalendar
{
    public const string ProductId = "-//TrainingHub//Open catalogue//EN";

    public static string Write(string calendarName, IEnumerable<CalendarEntry> entries, string uidDomain)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        foreach (var entry in entries) calendar.Events.Add(Event(entry, uidDomain));
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static CalendarEvent Event(CalendarEntry entry, string uidDomain)
    {
        var lastModified = new CalDateTime(entry.LastModified.UtcDateTime, CalDateTime.UtcTzId);
        return new CalendarEvent
        {
            // Ical.Net gives a new event a random UID and DTSTAMP "now": both are replaced here.
            Uid = $"{entry.OfferingId}@{uidDomain}",
            DtStamp = lastModified,
            LastModified = lastModified,
            Sequence = entry.Sequence,
            // All-day events: DATE values, DTEND the day after the last (RFC 5545 3.6.1, exclusive end).
            DtStart = new CalDateTime(entry.StartDate),
            DtEnd = new CalDateTime(entry.EndDate.AddDays(1)),
            Summary = entry.Title,
            Description = entry.Description,
            Location = entry.Location,
            Url = entry.Url is null ? null : new Uri(entry.Url, UriKind.Absolute),
            Status = entry.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        };
    }
}
