using TrainingHub.Reference;

namespace TrainingHub.UnitTests.Reference;

public class CodeSetTests
{
    [Fact]
    public void Holds_ordinals_across_words_and_counts_unions_and_intersections()
    {
        var set = new CodeSet();
        foreach (var ordinal in new[] { 0, 63, 64, 300, CodeSet.Capacity - 1, 64 }) set.Add(ordinal);
        var other = new CodeSet();
        other.Add(64);
        other.Add(65);

        Assert.Equal(5, set.Count);
        Assert.Equal([0, 63, 64, 300, CodeSet.Capacity - 1], set.Ordinals());
        Assert.True(set.Contains(300));
        Assert.False(set.Contains(301));
        Assert.Equal(1, set.CountIn(other));

        set.UnionWith(other);
        Assert.Equal(6, set.Count);
    }

    [Fact]
    public void Indexes_codes_in_reference_order_and_leaves_unknown_codes_out_of_masks()
    {
        var codes = ReferenceData.Current.Ordinals;

        Assert.Equal(ReferenceData.Current.Regions.Select(r => r.Code), codes.Regions.Codes);
        Assert.Equal(-1, codes.Standards.OrdinalOf("NOT-A-STANDARD"));
        Assert.Equal(codes.Standards.Mask(["UN-RSIM-R1"]), codes.Standards.Mask(["UN-RSIM-R1", "NOT-A-STANDARD"]));
        Assert.False(codes.Standards.KnowsAll(["UN-RSIM-R1", "NOT-A-STANDARD"]));
        Assert.Equal(["ECE", "ESCAP"], codes.Regions.SortedCodesOf(codes.RegionsOfCountry[codes.Countries.OrdinalOf("KAZ")]));
    }
}
