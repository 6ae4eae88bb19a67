using BenchmarkDotNet.Running;

namespace PaxosAkka.Benchmarks;

/// <summary>Entry point: every benchmark class in this assembly is selectable with --filter.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
