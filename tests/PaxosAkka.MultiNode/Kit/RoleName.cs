namespace PaxosAkka.MultiNode.Kit;

/// <summary>A node's role in a spec (Akka's MultiNodeSpec calls it a role name): <c>first</c>, <c>second</c>, ...</summary>
/// <param name="Name">The name, unique in the spec.</param>
public sealed record RoleName(string Name)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
