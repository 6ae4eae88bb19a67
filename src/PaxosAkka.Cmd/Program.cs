namespace PaxosAkka.Cmd;

/// <summary>The pbm command line.</summary>
public static class Program
{
    public static int Main(string[] args) => args.Length == 0 ? 0 : 2;
}
