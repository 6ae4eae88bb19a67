namespace PaxosAkka.Cmd;

/// <summary>The <c>pbm</c> executable: binds the process's console to <see cref="PbmCli"/>.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Main(string[] args) => PbmCli.Run(args, Console.Out, Console.Error);
}
