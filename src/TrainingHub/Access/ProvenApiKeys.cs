using System.Collections.Concurrent;

namespace TrainingHub.Access;

/// <summary>
/// Hashes of keys that authenticated on this node, so the rate limiter before authentication can tell a partner's
/// key (charged to its own bucket) from an unknown one (charged to the client address) without a database lookup.
/// It decides only which bucket pays: authentication still looks every key up, and a key that fails (revoked) is
/// forgotten at once. Only a successful lookup adds an entry, so its size is bounded by the real keys in use; the
/// cap only guards against a very large key population.
/// </summary>
public sealed class ProvenApiKeys
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, byte> _hashes = new(StringComparer.Ordinal);

    public bool Contains(string key) =>
        key.Length is > 0 and <= ApiKeyAuthentication.MaxLength && _hashes.ContainsKey(ApiKeyAuthentication.Hash(key));

    public void Remember(string hash)
    {
        if (_hashes.ContainsKey(hash)) return;
        // Starting over is cheap: each key proves itself again with one request charged to its address.
        if (_hashes.Count >= Capacity) _hashes.Clear();
        _hashes.TryAdd(hash, 0);
    }

    public void Forget(string hash) => _hashes.TryRemove(hash, out _);
}
