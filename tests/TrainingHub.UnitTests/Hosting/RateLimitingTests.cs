using System.Net;
using Microsoft.Extensions.Configuration;
using TrainingHub.Access;
using TrainingHub.Hosting;

namespace TrainingHub.UnitTests.Hosting;

public class RateLimitingTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Addresses_are_bucketed_by_ipv4_address_or_ipv6_64(string address, string partition) =>
        Assert.Equal(partition, RateLimiting.AddressPartition(IPAddress.Parse(address)));

    [Fact]
    public void A_connection_without_an_address_has_one_bucket() =>
        Assert.Equal("unknown", RateLimiting.AddressPartition(null));

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public void Without_a_known_proxy_forwarded_headers_are_ignored() =>
        Assert.Null(TrustedProxies.Options(Settings()));

    [Fact]
    public void Only_the_configured_proxies_and_networks_are_trusted()
    {
        var options = TrustedProxies.Options(Settings(
            ("TrainingHub:ForwardedHeaders:KnownProxies", "172.30.80.10, 10.0.0.5"),
            ("TrainingHub:ForwardedHeaders:KnownNetworks", "192.168.0.0/16")))!;

        Assert.Equal([IPAddress.Parse("172.30.80.10"), IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("192.168.0.0/16")], options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);
    }

    [Theory]
    [InlineData("TrainingHub:ForwardedHeaders:KnownProxies", "lb")]
    [InlineData("TrainingHub:ForwardedHeaders:KnownNetworks", "10.0.0.0/99")]
    [InlineData("FORWARDEDHEADERS_ENABLED", "true")]
    public void A_proxy_setting_that_would_trust_anyone_or_nothing_refuses_to_start(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => TrustedProxies.Options(Settings((key, value))));

    [Fact]
    public void Rate_limits_below_one_refuse_to_start() =>
        Assert.Throws<InvalidOperationException>(() => new RateLimitOptions { PerAddressBurst = 0 }.Validate());

    [Fact]
    public void A_key_is_proven_until_authentication_rejects_it()
    {
        var proven = new ProvenApiKeys();
        const string key = "th_some-key";
        Assert.False(proven.Contains(key));

        proven.Remember(ApiKeyAuthentication.Hash(key));
        Assert.True(proven.Contains(key));
        Assert.False(proven.Contains("th_other-key"));

        proven.Forget(ApiKeyAuthentication.Hash(key));
        Assert.False(proven.Contains(key));
    }

    [Fact]
    public void Proven_keys_stay_within_their_capacity()
    {
        var proven = new ProvenApiKeys();
        for (var i = 0; i <= ProvenApiKeys.Capacity; i++) proven.Remember(ApiKeyAuthentication.Hash("k" + i));

        Assert.True(proven.Contains("k" + ProvenApiKeys.Capacity));
        Assert.False(proven.Contains("k0"));
    }
}
