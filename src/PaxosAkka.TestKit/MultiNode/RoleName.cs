namespace PaxosAkka.TestKit.MultiNode;

/// <summary>
/// The name of one node's part in a multi-node spec (Akka's <c>RoleName</c>): specs declare roles such as
/// <c>first</c>, <c>second</c>, … and address nodes by them, never by port.
/// </summary>
public sealed record RoleName
{
    public RoleName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>The conventional names <c>first</c> … <c>tenth</c>, then <c>node11</c> and on.</summary>
    public static IReadOnlyList<RoleName> Ordinals(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        string[] names = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
        return [.. Enumerable.Range(0, count).Select(i => new RoleName(i < names.Length ? names[i] : $"node{i + 1}"))];
    }

    public override string ToString() => Name;
}
