using TrainingHub.Access;
using TrainingHub.Reference;

namespace TrainingHub.UnitTests.Access;

public class AccessDecisionTests
{
    private static readonly Guid OrganisationId = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly OrganisationRegistered Registered = new(OrganisationId, "UNECE", "regional-commission", "ECE");

    [Fact]
    public void Registering_an_organisation_normalises_name_and_code()
    {
        var command = new RegisterOrganisation("  UNECE ", "regional-commission", "ece");

        RegisterOrganisation.Validate(command, ReferenceData.Current).ShouldBeNone();
        Assert.Equal(Registered, RegisterOrganisation.Decide(command, OrganisationId));
    }

    [Fact]
    public void Organisation_kind_must_be_known() =>
        RegisterOrganisation.Validate(new RegisterOrganisation("X", "club", null), ReferenceData.Current)
            .ShouldRejectField("kind");

    [Fact]
    public void Organisation_code_is_short_and_plain() =>
        RegisterOrganisation.Validate(new RegisterOrganisation("X", "national", "no spaces!"), ReferenceData.Current)
            .ShouldRejectField("code");

    [Fact]
    public void Issuing_a_key_stores_only_its_hash()
    {
        var organisation = Given.Organisation(Registered);
        const string key = "th_secret-value-for-test";

        var issued = IssueApiKey.Decide(new IssueApiKey("provider"), organisation, Guid.Empty, key);

        Assert.Equal(ApiKeyAuthentication.Hash(key), issued.KeyHash);
        Assert.DoesNotContain(key, issued.KeyHash);
        Assert.Equal("th_secre", issued.KeyPrefix);
        Assert.Equal("provider", issued.Role);
    }

    [Fact]
    public void Keys_are_issued_only_for_known_roles() =>
        IssueApiKey.Validate(new IssueApiKey("superuser"), Given.Organisation(Registered), OrganisationId)
            .ShouldRejectField("role");

    [Fact]
    public void Keys_are_issued_only_to_existing_organisations() =>
        IssueApiKey.Validate(new IssueApiKey("provider"), null, OrganisationId).ShouldHaveStatus(404);

    [Fact]
    public void Revoking_names_the_hash_so_the_credential_disappears()
    {
        var keyId = Guid.NewGuid();
        var organisation = Given.Organisation(Registered, new ApiKeyIssued(OrganisationId, keyId, "partner", "abc", "th_abcde"));

        RevokeApiKey.Validate(organisation, OrganisationId, keyId).ShouldBeNone();
        Assert.Equal(new ApiKeyRevoked(OrganisationId, keyId, "abc"), RevokeApiKey.Decide(organisation, keyId));
    }

    [Fact]
    public void Revoking_twice_is_a_conflict_and_unknown_keys_are_not_found()
    {
        var keyId = Guid.NewGuid();
        var organisation = Given.Organisation(Registered,
            new ApiKeyIssued(OrganisationId, keyId, "partner", "abc", "th_abcde"),
            new ApiKeyRevoked(OrganisationId, keyId, "abc"));

        RevokeApiKey.Validate(organisation, OrganisationId, keyId).ShouldHaveStatus(409);
        RevokeApiKey.Validate(organisation, OrganisationId, Guid.NewGuid()).ShouldHaveStatus(404);
    }

    [Fact]
    public void Owners_and_admin_may_change_others_may_not()
    {
        Assert.True(Given.CallerA.MayChange(Given.ProviderA));
        Assert.False(Given.CallerB.MayChange(Given.ProviderA));
        Assert.True(Given.Admin.MayChange(Given.ProviderA));
        Assert.True(new Caller(Guid.NewGuid(), Roles.Analyst, Guid.Empty).MayAudit(Given.ProviderA));
        Assert.False(Given.CallerB.MayAudit(Given.ProviderA));
    }

    [Fact]
    public void Generated_keys_are_unique_and_long()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => ApiKeyAuthentication.NewKey()).ToHashSet();
        Assert.Equal(100, keys.Count);
        Assert.All(keys, k => Assert.True(k.Length >= 40 && k.StartsWith("th_", StringComparison.Ordinal)));
    }
}
