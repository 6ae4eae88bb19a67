namespace PaxosAkka.Linearizability;

/// <summary>A key-value operation as a client of the store issues it.</summary>
public abstract record KvInput(string Key);

/// <summary>PUT key = value.</summary>
public sealed record KvPut(string Key, string Value) : KvInput(Key);

/// <summary>GET key.</summary>
public sealed record KvGet(string Key) : KvInput(Key);

/// <summary>DELETE key.</summary>
public sealed record KvDelete(string Key) : KvInput(Key);

/// <summary>Compare-and-set: key = value if its current value is <paramref name="Expected"/> (null: absent).</summary>
public sealed record KvCas(string Key, string? Expected, string Value) : KvInput(Key);

/// <summary>
/// What the store answered. PUT: <see cref="Succeeded"/>. GET: <see cref="Value"/> (null when absent).
/// DELETE: <see cref="Succeeded"/> = the key existed. CAS: <see cref="Succeeded"/>, and on failure
/// <see cref="Value"/> is the current value the store reported.
/// </summary>
public sealed record KvOutput(bool Succeeded, string? Value)
{
    /// <summary>A plain success with no value.</summary>
    public static KvOutput Ok { get; } = new(true, null);

    /// <summary>A GET answer.</summary>
    public static KvOutput Read(string? value) => new(value is not null, value);
}

/// <summary>
/// The sequential specification of one key of the store: a register that may be absent. Partition histories
/// by <see cref="KvInput.Key"/> (<see cref="LinearizabilityChecker.CheckPartitioned{TState,TInput,TOutput}"/>).
/// </summary>
public sealed class KeyValueModel : IModel<string?, KvInput, KvOutput>
{
    /// <summary>The shared instance; the model has no state of its own.</summary>
    public static KeyValueModel Instance { get; } = new();

    /// <inheritdoc />
    public string? Initial => null;

    /// <inheritdoc />
    public bool Step(string? state, KvInput input, KvOutput output, out string? next)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        next = StepUnknown(state, input);
        return input switch
        {
            KvPut => output.Succeeded,
            KvGet => output.Value == state,
            KvDelete => output.Succeeded == (state is not null),
            KvCas cas => output.Succeeded == (cas.Expected == state) && (output.Succeeded || output.Value == state),
            _ => throw new ArgumentException($"unknown input {input.GetType().Name}", nameof(input)),
        };
    }

    /// <inheritdoc />
    public string? StepUnknown(string? state, KvInput input) => input switch
    {
        KvPut put => put.Value,
        KvGet => state,
        KvDelete => null,
        KvCas cas => cas.Expected == state ? cas.Value : state,
        _ => throw new ArgumentException($"unknown input {input?.GetType().Name}", nameof(input)),
    };

    /// <summary>Checks a whole store history, key by key.</summary>
    public static CheckResult Check(IReadOnlyList<Operation<KvInput, KvOutput>> history, long maxSteps = LinearizabilityChecker.DefaultMaxSteps) =>
        LinearizabilityChecker.CheckPartitioned(Instance, history, i => i.Key, maxSteps);
}
