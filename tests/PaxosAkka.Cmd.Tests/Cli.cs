namespace PaxosAkka.Cmd.Tests;

/// <summary>Runs <c>pbm</c> in-process with captured writers, exactly as a user would invoke it.</summary>
internal static class Cli
{
    public static CliRun Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PbmCli.Run(args, output, error);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>pbm</c> with <paramref name="input"/> as its standard input (the prompt, <c>menu</c>).</summary>
    public static CliRun RunWithInput(string input, params string[] args)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PbmCli.Run(args, reader, output, error, terminal: false);
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>What one invocation printed and returned.</summary>
internal sealed record CliRun(int Exit, string Output, string Error)
{
    public IReadOnlyList<string> OutputLines =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public IReadOnlyList<string> ErrorLines =>
        Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
