namespace PaxosAkka.Cmd;

/// <summary>The <c>pbm</c> executable: binds the process's console to <see cref="PbmCli"/>.</summary>
public static class Program
{
    /// <summary>Runs the command line (or the prompt) and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args) => PbmCli.Run(args, Console.In, Console.Out, Console.Error, terminal: !Console.IsInputRedirected && !Console.IsOutputRedirected);
}
