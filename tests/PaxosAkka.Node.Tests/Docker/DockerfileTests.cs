using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// docker/Dockerfile cannot be built here (base images cannot be pulled), so what can go stale without a build is
/// checked by reading it: the stages and their images, the restore layer's project list against the node project's
/// real references, the non-root user and the health check.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Text = File.ReadAllText(Path.Combine(RepoRoot.Path, "docker", "Dockerfile"));

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime_image()
    {
        var stages = From().Matches(Text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:10.0 AS build", "mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"], stages);
        Assert.Contains("COPY --from=build /app ./", Text, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"PaxosAkka.Node.dll\"]", Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_layer_copies_every_project_the_node_references()
    {
        var copied = CopiedProject().Matches(Text).Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(NodeProjectClosure().Order(), copied);
    }

    [Fact]
    public void Runs_as_a_non_root_user_and_checks_healthz()
    {
        string runtime = Text[Text.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];
        var users = User().Matches(runtime).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["$APP_UID"], users); // the .NET images' unprivileged "app" user; never root
        Assert.Matches(@"HEALTHCHECK [^\n]*\\\n\s+CMD curl [^\n]*/healthz", runtime);
        Assert.Contains("PAXOS_HTTP_PORT", runtime, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_builds_the_nodes_from_this_dockerfile_at_the_repository_root()
    {
        var nodes = ComposeFile.ReadYaml(Path.Combine(ComposeFile.Folder, "compose.yaml"));
        var build = (Dictionary<object, object>)((Dictionary<object, object>)nodes["x-node"])["build"];
        Assert.Equal("..", build["context"]);
        Assert.Equal("docker/Dockerfile", build["dockerfile"]);
    }

    /// <summary>src/PaxosAkka.Node and every project it references, directly or not, as repository-relative paths.</summary>
    private static HashSet<string> NodeProjectClosure()
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.Combine(RepoRoot.Path, "src", "PaxosAkka.Node", "PaxosAkka.Node.csproj")]);
        while (pending.TryPop(out var project))
        {
            if (!found.Add(Path.GetRelativePath(RepoRoot.Path, project).Replace('\\', '/')))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value)));
            }
        }

        return found;
    }

    [GeneratedRegex(@"^FROM\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex From();

    [GeneratedRegex(@"^COPY\s+(src/\S+\.csproj)\s", RegexOptions.Multiline)]
    private static partial Regex CopiedProject();

    [GeneratedRegex(@"^USER\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex User();
}
