using PaxosAkka.Linearizability;

namespace PaxosAkka.Linearizability.Tests;

/// <summary>Builds hand-written key-value histories: each operation with explicit call and return times.</summary>
internal sealed class History
{
    private readonly List<Operation<KvInput, KvOutput>> _ops = [];

    public IReadOnlyList<Operation<KvInput, KvOutput>> Ops => _ops;

    public History Put(int client, string key, string value, long call, long ret) =>
        Add(client, new KvPut(key, value), call, ret, KvOutput.Ok);

    public History Get(int client, string key, string? seen, long call, long ret) =>
        Add(client, new KvGet(key), call, ret, KvOutput.Read(seen));

    public History Delete(int client, string key, bool existed, long call, long ret) =>
        Add(client, new KvDelete(key), call, ret, new KvOutput(existed, null));

    public History Cas(int client, string key, string? expected, string value, bool ok, string? current, long call, long ret) =>
        Add(client, new KvCas(key, expected, value), call, ret, new KvOutput(ok, ok ? null : current));

    public History PutUnknown(int client, string key, string value, long call)
    {
        _ops.Add(new Operation<KvInput, KvOutput>(_ops.Count, client, new KvPut(key, value), call, long.MaxValue, null, false));
        return this;
    }

    public CheckResult Check(long maxSteps = LinearizabilityChecker.DefaultMaxSteps) => KeyValueModel.Check(_ops, maxSteps);

    private History Add(int client, KvInput input, long call, long ret, KvOutput output)
    {
        _ops.Add(new Operation<KvInput, KvOutput>(_ops.Count, client, input, call, ret, output, true));
        return this;
    }
}
