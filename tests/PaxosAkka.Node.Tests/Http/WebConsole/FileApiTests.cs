using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PaxosAkka.Node.Http;
using PaxosAkka.Node.Http.WebConsole;
using PaxosAkka.Node.Store;
using PaxosAkka.Node.Tests.Http;

namespace PaxosAkka.Node.Tests.Http.WebConsole;

/// <summary><c>PUT|GET|DELETE /files/{key}</c>: files in the store with their name and content type.</summary>
public sealed class FileApiTests
{
    private static ByteArrayContent File(byte[] bytes, string? type)
    {
        var content = new ByteArrayContent(bytes);
        if (type is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        return content;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task Upload_stores_the_bytes_as_the_value_and_download_gives_them_back_with_name_and_type()
    {
        await using var host = await ApiHost.StartAsync();
        byte[] photo = [0x89, 0x50, 0x4E, 0x47, 0, 255, 10];
        var upload = await host.Client.PutAsync("/files/photos%2Fcat.png?name=" + Uri.EscapeDataString("chat noir é.png"), File(photo, "image/png"));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var body = await JsonOf(upload);
        Assert.Equal("photos/cat.png", body.GetProperty("key").GetString());
        Assert.Equal(photo.Length, body.GetProperty("size").GetInt32());
        Assert.Equal("chat noir é.png", body.GetProperty("name").GetString());
        Assert.Equal("image/png", body.GetProperty("contentType").GetString());

        // The value is the file itself: a plain GET of the key reads the same bytes.
        Assert.Equal(photo, await host.Client.GetByteArrayAsync("/kv/photos%2Fcat.png"));

        var download = await host.Client.GetAsync("/files/photos%2Fcat.png");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(photo, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("chat noir é.png", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(body.GetProperty("revision").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(download.Headers.GetValues("X-Revision")));
    }

    [Fact]
    public async Task A_file_of_exactly_1_MiB_is_stored_and_one_byte_more_is_413_with_nothing_stored()
    {
        await using var host = await ApiHost.StartAsync();
        var fits = await host.Client.PutAsync("/files/full", File(new byte[HttpLimits.MaxValueBytes], null));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        int commands = host.Service.Received.Count;

        var tooBig = await host.Client.PutAsync("/files/over", File(new byte[HttpLimits.MaxValueBytes + 1], null));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("application/json", tooBig.Content.Headers.ContentType?.MediaType);
        Assert.Equal("file is larger than 1048576 bytes (1 MiB), the limit of one value: nothing was stored", (await JsonOf(tooBig)).GetProperty("error").GetString());
        Assert.Equal(commands, host.Service.Received.Count);
    }

    [Fact]
    public async Task Without_a_name_or_type_the_file_is_named_after_its_key_and_served_as_octet_stream()
    {
        await using var host = await ApiHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PutAsync("/files/docs%2Freport", File([1, 2, 3], null))).StatusCode);
        var download = await host.Client.GetAsync("/files/docs%2Freport");
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task Bytes_rewritten_through_kv_are_not_served_under_the_old_files_name_and_type()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/files/a?name=a.html", File(Encoding.UTF8.GetBytes("<p>hi</p>"), "text/html"));
        await host.Client.PutAsync("/kv/a", new StringContent("plain bytes now"));
        var download = await host.Client.GetAsync("/files/a");
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("plain bytes now", await download.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Delete_removes_the_file_and_its_metadata_and_a_missing_file_is_404()
    {
        await using var host = await ApiHost.StartAsync();
        await host.Client.PutAsync("/files/gone?name=g.txt", File([1], "text/plain"));
        var delete = await host.Client.DeleteAsync("/files/gone");
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.True((await JsonOf(delete)).GetProperty("revision").GetInt64() > 0);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/kv/" + Uri.EscapeDataString(FileEndpoints.MetadataPrefix + "gone"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.DeleteAsync("/files/gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/files/gone")).StatusCode);
    }

    [Fact]
    public async Task A_file_key_that_leaves_no_room_for_its_metadata_key_is_413_and_a_bad_name_is_400()
    {
        await using var host = await ApiHost.StartAsync();
        var longKey = await host.Client.PutAsync("/files/" + new string('k', FileEndpoints.MaxFileKeyBytes + 1), File([1], null));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, longKey.StatusCode);
        var badName = await host.Client.PutAsync("/files/k?name=" + Uri.EscapeDataString("a\nb"), File([1], null));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Empty(host.Service.Received);
    }

    [Fact]
    public async Task An_unknown_outcome_is_503_never_a_success()
    {
        await using var host = await ApiHost.StartAsync();
        host.Service.FailWith = new PaxosAkka.Node.Client.OutcomeUnknownException("no quorum answered within 5 s");
        var upload = await host.Client.PutAsync("/files/x", File([1], null));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, upload.StatusCode);
        var body = await JsonOf(upload);
        Assert.Equal("unknown", body.GetProperty("outcome").GetString());
        Assert.Contains("no quorum answered within 5 s", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_counts_only_for_the_revision_it_was_written_for()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new FileMetadata("n.txt", "text/plain", 3, 7), ConsoleJsonContext.Default.FileMetadata);
        Assert.Equal("n.txt", FileEndpoints.Describing(new KvValue(json, 8), 7)?.Name);
        Assert.Null(FileEndpoints.Describing(new KvValue(json, 8), 9));
        Assert.Null(FileEndpoints.Describing(new KvValue("not json"u8.ToArray(), 8), 7));
        Assert.Null(FileEndpoints.Describing(KvNotFound.Instance, 7));
    }
}
