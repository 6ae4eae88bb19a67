namespace PaxosAkka.Node.Tests;

/// <summary>Finds the repository root (the folder holding PaxosAkka.sln) from the test's output folder.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "PaxosAkka.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("PaxosAkka.sln not found above " + AppContext.BaseDirectory);
    }
}
