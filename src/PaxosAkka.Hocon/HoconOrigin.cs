namespace PaxosAkka.Hocon;

/// <summary>
/// Where a piece of configuration was written: the source (a file name, a resource name or a caller-supplied
/// label) and the 1-based line and column. Every value and every error carries one, so that a wrong setting
/// can be traced back to the exact place an operator has to edit.
/// </summary>
public sealed record HoconOrigin(string Source, int Line, int Column)
{
    /// <summary>Renders as <c>source:line:column</c>, the form editors and compilers use.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
