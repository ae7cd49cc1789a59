using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrainingHub.Enrolment;

/// <summary>
/// Keyed hashes (HMAC-SHA256 under the configured TrainingHub:PersonalDataKey) stand in for personal data wherever the
/// database must find or compare it: the e-mail that identifies a person, a partner's Idempotency-Key (partners have
/// been seen to put e-mails in it) and the enrolment request. An index, a unique-violation log line or a dump then
/// holds no address, and without the key nobody can test a guessed address against a hash.
/// </summary>
public sealed class PersonalDataHasher(byte[] key)
{
    public static PersonalDataHasher FromSecret(string secret) => new(Encoding.UTF8.GetBytes(secret));

    public string EmailKey(string email) => Hash("email", Trainee.NormaliseEmail(email));

    public string IdempotencyKey(Guid partnerId, string idempotencyKey) => Hash("idempotency", $"{partnerId:N}\n{idempotencyKey}");

    /// <summary>"Same body" is judged on the parsed request and the offering, not on whitespace.</summary>
    public string Request(Guid offeringId, EnrolTrainee command) =>
        Hash("request", JsonSerializer.Serialize(new { offeringId, command }));

    // The purpose prefix keeps the three kinds of hash from ever matching each other.
    private string Hash(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\0" + value)));
}
