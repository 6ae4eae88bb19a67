using System.Net;
using System.Text;
using Microsoft.Playwright;
using PaxosAkka.Node.ProcessTests.Support;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests;

/// <summary>
/// The web console (issue 15 item 2) in a real browser: Playwright drives Debian's Chromium against the console of a
/// real 3-node cluster, works the forms and the file browser as a person would, SIGKILLs the leader and watches the
/// page follow the fail-over without a reload. Screenshots of each step land in TestResults/screenshots beside the
/// test project (or in $PAXOS_SCREENSHOTS).
/// </summary>
public sealed class WebConsoleBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Console_shows_the_live_cluster_answers_the_forms_moves_files_and_follows_a_leader_SIGKILL_without_reload()
    {
        await Chromium.EnsureInstalledAsync(output);
        // Every expectation may wait out a fail-over or a slow consensus round on a shared 2-core machine.
        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        await using var cluster = await NodeCluster.StartAsync(3, output);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        int viewer = cluster.Ids.First(id => id != leader);
        output.WriteLine($"leader node-{leader}; the browser watches node-{viewer}'s console");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
        await using var context = await browser.NewContextAsync(new() { AcceptDownloads = true, ViewportSize = new() { Width = 1400, Height = 1350 } });
        var page = await context.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        page.Console += (_, message) => output.WriteLine($"[browser {message.Type}] {message.Text}");
        var shots = new Screenshots(page, output);
        try
        {
            // 1. The live cluster map: every member reachable, the leader marked, pushed over the event stream.
            await page.GotoAsync(cluster.Node(viewer).HttpUrl.ToString());
            await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
            await Expect(page.Locator("#self")).ToHaveTextAsync(viewer.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(Members(page, "[data-reachable='true']")).ToHaveCountAsync(3);
            await Expect(Member(page, leader)).ToHaveAttributeAsync("data-leader", "true");
            await Expect(page.Locator("#leader")).ToHaveTextAsync($"node {leader}");
            await shots.TakeAsync("01-loaded");

            // 2. The forms: a put read back, a failed compare-and-set and a missing key shown as errors, a prime check.
            await page.FillAsync("#kv-key", "greeting");
            await page.FillAsync("#kv-value", "hello from the browser");
            await page.ClickAsync("#kv-put");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("PUT greeting → 200");
            await page.FillAsync("#kv-value", "");
            await page.ClickAsync("#kv-get");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("GET greeting → 200");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("hello from the browser");
            await Expect(page.Locator("#kv-result")).ToHaveClassAsync("result ok");
            var direct = await cluster.GetAsync(leader, "greeting");
            Assert.True(direct.Ok && direct.Body == "hello from the browser", $"GET greeting through the API on node-{leader}: {direct}");

            await page.FillAsync("#kv-expected", "not the value");
            await page.FillAsync("#kv-value", "swapped");
            await page.ClickAsync("#kv-cas");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("409");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("the current value is \"hello from the browser\"");
            await Expect(page.Locator("#kv-result")).ToHaveClassAsync("result error");

            await page.FillAsync("#kv-key", "no-such-key");
            await page.ClickAsync("#kv-get");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("404");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("key not found");

            await page.FillAsync("#prime-n", "91");
            await page.ClickAsync("#prime-check");
            await Expect(page.Locator("#prime-result")).ToContainTextAsync("91 is not prime: 7 divides it", new() { Timeout = 60000 });
            await Expect(page.Locator("#log tr").First).ToBeVisibleAsync();
            await shots.TakeAsync("02-forms");

            // 3. The file browser: upload with a name and type, list by prefix, download both back, refuse 1 MiB + 1, delete.
            byte[] notes = Encoding.UTF8.GetBytes("Paxos notes: a value is chosen once a majority accepted it.\n");
            await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = notes });
            await page.ClickAsync("#upload");
            await Expect(page.Locator("#files-result")).ToContainTextAsync("uploaded notes.txt as files/notes.txt");
            await page.FillAsync("#files-prefix", "files/");
            await page.ClickAsync("#files-list");
            var row = page.Locator("#files tr[data-key='files/notes.txt']");
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync($"{notes.Length} B");
            await Expect(page.Locator("#files tr")).ToHaveCountAsync(1);

            var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("a.download").ClickAsync());
            Assert.Equal("notes.txt", download.SuggestedFilename);
            Assert.Equal(notes, await File.ReadAllBytesAsync((await download.PathAsync())!));
            using (var response = await cluster.Http.GetAsync(new Uri(cluster.Node(viewer).HttpUrl, "files/" + Uri.EscapeDataString("files/notes.txt"))))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            }

            await page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "big.bin", MimeType = "application/octet-stream", Buffer = new byte[(1024 * 1024) + 1] });
            await page.ClickAsync("#upload");
            await Expect(page.Locator("#files-result")).ToContainTextAsync("413");
            await Expect(page.Locator("#files-result")).ToContainTextAsync("file is larger than 1048576 bytes (1 MiB)");
            await shots.TakeAsync("03-files");

            await row.Locator("button[data-key='files/notes.txt']").ClickAsync();
            await Expect(page.Locator("#files-result")).ToContainTextAsync("deleted files/notes.txt");
            await Expect(row).ToHaveCountAsync(0);
            Assert.Equal(HttpStatusCode.NotFound, (await cluster.GetAsync(viewer, "files/notes.txt")).Status);

            // 4. SIGKILL the leader: without a reload the page shows it unreachable and another node leading.
            await cluster.KillAsync(leader);
            await Expect(Member(page, leader)).ToHaveAttributeAsync("data-reachable", "false");
            await page.WaitForFunctionAsync(
                "old => { const now = document.getElementById('leader').dataset.leader; return now !== '' && now !== String(old); }",
                leader,
                new() { Timeout = (float)Patience.TotalMilliseconds });
            int newLeader = int.Parse(await page.Locator("#leader").GetAttributeAsync("data-leader") ?? "", System.Globalization.CultureInfo.InvariantCulture);
            Assert.NotEqual(leader, newLeader);
            await Expect(Member(page, newLeader)).ToHaveAttributeAsync("data-leader", "true");
            await Expect(Member(page, newLeader)).ToHaveAttributeAsync("data-reachable", "true");
            await Expect(page.Locator("#leader-changes")).Not.ToHaveTextAsync("0");
            output.WriteLine($"the page shows node-{leader} unreachable and node-{newLeader} leading");

            // The forms go on working through the new leader.
            await page.FillAsync("#kv-key", "after-failover");
            await page.FillAsync("#kv-value", "still here");
            await page.ClickAsync("#kv-put");
            await Expect(page.Locator("#kv-result")).ToContainTextAsync("PUT after-failover → 200");
            await shots.TakeAsync("04-leader-killed");
            Assert.Empty(pageErrors);
        }
        catch
        {
            await shots.TakeAsync("failure");
            throw;
        }
    }

    private static ILocator Members(IPage page, string filter) => page.Locator("#cluster-map .member" + filter);

    private static ILocator Member(IPage page, int id) => page.Locator($"#cluster-map .member[data-node='{id}']");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>Full-page screenshots, numbered by step, in the test project's TestResults/screenshots (or $PAXOS_SCREENSHOTS).</summary>
    private sealed class Screenshots(IPage page, ITestOutputHelper output)
    {
        private readonly string _folder = Folder();

        public async Task TakeAsync(string name)
        {
            Directory.CreateDirectory(_folder);
            string path = Path.Combine(_folder, $"web-console-{name}.png");
            try
            {
                await page.ScreenshotAsync(new() { Path = path, FullPage = true });
                output.WriteLine($"[screenshot] {path}");
            }
            catch (PlaywrightException e)
            {
                // A failure screenshot must not hide the failure it documents.
                output.WriteLine($"[screenshot] {name} failed: {e.Message}");
            }
        }

        private static string Folder()
        {
            if (Environment.GetEnvironmentVariable("PAXOS_SCREENSHOTS") is { Length: > 0 } chosen)
            {
                return chosen;
            }

            // Up from bin/<configuration>/<framework> to the folder that holds the test project.
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (dir.EnumerateFiles("*.csproj").Any())
                {
                    return Path.Combine(dir.FullName, "TestResults", "screenshots");
                }
            }

            return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        }
    }
}
