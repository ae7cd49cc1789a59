using System.Security.Cryptography;
using System.Text;
using TrainingHub.Editions;
using static TrainingHub.UnitTests.Editions.Editions;

namespace TrainingHub.UnitTests.Editions;

public class EditionPageTests
{
    private static readonly EditionDocument Sample = Document(Supply, Awkward);

    [Fact]
    public void Rendering_twice_gives_the_same_page()
    {
        Assert.Equal(EditionPage.Render(Sample), EditionPage.Render(Sample with { Sheets = [.. Sample.Sheets] }));
    }

    [Fact]
    public void Cell_text_is_encoded_and_the_page_has_no_script_nor_event_handler()
    {
        var page = EditionPage.Render(Sample);

        Assert.Contains("<td>Georgia &lt;script&gt;alert(1)&lt;/script&gt;</td>", page);
        Assert.Contains("<td>Z&#252;rich &#127757; &lt;b onclick=x&gt;&amp;amp;&lt;/b&gt;</td>", page);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b onclick", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<title>Mapping edition 2026</title>", page);
        Assert.Contains("<html lang=\"en\">", page);
        Assert.DoesNotContain("\u0001", page);
    }

    [Fact]
    public void Each_sheet_is_a_section_listed_in_the_contents_with_its_totals_and_truncation_note()
    {
        var page = EditionPage.Render(Sample);

        Assert.Contains("<dt>Published at</dt><dd>2026-05-04T09:30:16Z</dd>", page);
        Assert.Contains("<li><a href=\"#sheet-1\">Supply</a>: Offerings per country</li>", page);
        Assert.Contains("<li><a href=\"#sheet-2\">Awkward</a>:", page);
        Assert.Contains("<section id=\"sheet-1\" aria-labelledby=\"sheet-1-name\">\n<h2 id=\"sheet-1-name\">Supply</h2>", page);
        Assert.Contains("<section id=\"sheet-2\"", page);
        Assert.Contains("<caption>Offerings per country</caption>", page);
        Assert.Contains("<p class=\"note\">Cancelled offerings are left out.</p>", page);
        Assert.Contains("<th scope=\"col\">Country</th><th scope=\"col\" class=\"number\">Offerings</th>", page);
        Assert.Contains("<tr><td>Kazakhstan</td><td class=\"number\">3</td><td class=\"number\">45</td><td class=\"number\">25000.5</td>"
            + "<td class=\"number\">0.25</td><td>TRUE</td><td>2026-06-01</td><td>2026-05-01T02:15:00Z</td><td>" + Programme + "</td></tr>", page);
        Assert.Contains("<tfoot>\n<tr><th scope=\"row\">Total</th><td class=\"number\">6</td><td class=\"number\">75</td>"
            + "<td class=\"number\">37499.75</td><td class=\"number\">0.875</td><td></td><td></td><td></td><td></td></tr>\n</tfoot>", page);
        Assert.Contains("<p class=\"truncated\">17 more rows were left out.</p>", page);
        Assert.Contains("<p class=\"truncated\">1 more row was left out.</p>", page);
        Assert.Equal(2, page.Split("<tfoot>").Length); // only Supply has totals
    }

    [Fact]
    public void The_style_hash_is_that_of_the_style_element()
    {
        var page = EditionPage.Render(Sample);
        var start = page.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length;
        var style = page[start..page.IndexOf("</style>", start, StringComparison.Ordinal)];

        Assert.Contains("thead { display: table-header-group; }", style);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style))), EditionPage.StyleHash);
    }
}
