using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaultTolerantRunner.Commands;
using FaultTolerantRunner.Node.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FaultTolerantRunner.Node.Tests.Fuzz;

/// <summary>A node that requires an API key, as an exposed node does; the fuzz sends the key so that it reaches every handler.</summary>
public sealed class KeyedNodeFixture : NodeFixture
{
    public const string Key = "fuzz-key-0123456789abcdef0123456789";

    protected override IEnumerable<string> ExtraArgs => [$"--Security:ApiKeys:0={Key}"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Http.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }
}

/// <summary>
/// Seeded fuzz of every mapped endpoint with malformed requests: no 5xx, every error is problem+json, the node stays ready
/// and the tasks accepted before are untouched. <c>FTR_FUZZ_SEED</c> replays a run.
/// </summary>
public sealed class MalformedInputFuzzTests(KeyedNodeFixture node, ITestOutputHelper output) : IClassFixture<KeyedNodeFixture>
{
    private const int Requests = 3_200;
    private const int DefaultSeed = 19_2026;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_problems_and_never_a_5xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FTR_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        output.WriteLine($"fuzz seed {seed} (replay with FTR_FUZZ_SEED={seed})");
        var before = await AcceptedTasksAsync();
        var targets = Targets();
        Assert.True(targets.Count >= 30, $"expected every mapped endpoint, found {targets.Count}");

        var random = new Random(seed);
        var requests = new MalformedRequests(random);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = node.Http.BaseAddress, Timeout = PerRequest };
        var failures = new List<string>();
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < Requests && clock.Elapsed < Budget; sent++)
        {
            var request = requests.Next(targets[random.Next(targets.Count)]);
            kinds[request.Kind] = kinds.GetValueOrDefault(request.Kind) + 1;
            var failure = await SendAsync(http, request);
            if (failure is not null) failures.Add($"#{sent} {request}: {failure}");
            if (sent % 200 == 0 && !(await node.Http.GetAsync("/health/ready")).IsSuccessStatusCode)
                failures.Add($"#{sent}: the node was not ready after {request}");
        }

        output.WriteLine($"{sent} requests to {targets.Count} endpoints in {clock.Elapsed.TotalSeconds:0.0} s; " +
                         string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} failures (seed {seed}):\n" + string.Join('\n', failures.Take(25)));
        Assert.Equal(Requests, sent);
        Assert.True((await node.Http.GetAsync("/health/ready")).IsSuccessStatusCode, "the node is not ready after the fuzz");
        foreach (var (id, task) in before)
        {
            var after = (await node.Http.GetFromJsonAsync<JsonObject>($"/api/tasks/{id}"))!;
            Assert.Equal(Fingerprint(task), Fingerprint(after));
        }
    }

    /// <summary>Every route the node maps, from its endpoint data source; body and query fields from the command that calls it.</summary>
    private List<FuzzTarget> Targets()
    {
        var commands = node.Services.GetRequiredService<CommandCatalog>().Palettes.SelectMany(p => p.Commands)
            .GroupBy(c => (c.Method, c.Route)).ToDictionary(g => g.Key, g => g.SelectMany(c => c.Inputs).ToList());
        return node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => e.Method != "HEAD" && !e.Route.Contains("{*", StringComparison.Ordinal))
            .Distinct()
            .Select(e =>
            {
                var inputs = commands.GetValueOrDefault((e.Method, e.Route)) ?? [];
                return new FuzzTarget(e.Method, e.Route, inputs.Where(i => i.Location == CommandInputLocation.Body).ToList(),
                    inputs.Where(i => i.Location == CommandInputLocation.Query).Select(i => i.Target).ToList(), Dangerous(e.Method, e.Route));
            })
            .OrderBy(t => t.Route, StringComparer.Ordinal).ThenBy(t => t.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>Routes that would take the node out of service (leave, down) or inject faults if a request were valid.</summary>
    private static bool Dangerous(string method, string route) =>
        method != "GET" && (route.StartsWith("/api/cluster", StringComparison.Ordinal) || route.StartsWith("/api/chaos", StringComparison.Ordinal));

    private static async Task<string?> SendAsync(HttpClient http, FuzzRequest request)
    {
        var uri = new Uri(http.BaseAddress + request.Path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
        message.Headers.TryAddWithoutValidation("X-Api-Key", KeyedNodeFixture.Key);
        if (request.ExpectContinue) message.Headers.ExpectContinue = true;
        // A fresh connection each time: after a refused upload Kestrel closes the connection, and reusing it would be a client race.
        message.Headers.ConnectionClose = true;
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        HttpResponseMessage sent;
        try
        {
            sent = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException) when (request.Kind == "oversized")
        {
            // Kestrel answers 413 (or the route's answer) and closes the connection while the client is still uploading.
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no response: {e.GetBaseException().Message}";
        }
        using var response = sent;
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status}: {await response.Content.ReadAsStringAsync()}";
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // Kestrel refuses a request target with a NUL or a raw non-ASCII byte itself, before any middleware runs: a bare 400.
        if (status == 400 && mediaType is null && RefusedByKestrel(request.Path)) return null;
        if (mediaType == "text/event-stream" || status < 300) return null;
        // Dashboard pages answer a browser: their errors are the same problem, rendered as an HTML page with its status.
        if (request.Path.StartsWith("/dashboard", StringComparison.Ordinal) && mediaType == "text/html") return null;
        try
        {
            await Problem.ReadAsync(response);
            return null;
        }
        catch (Exception e)
        {
            return $"{status} is not a problem: {e.Message}";
        }
    }

    private static bool RefusedByKestrel(string path) =>
        path.Contains("%00", StringComparison.Ordinal) || path.Any(c => c > 127);

    private async Task<Dictionary<string, JsonObject>> AcceptedTasksAsync()
    {
        var tasks = new Dictionary<string, JsonObject>();
        foreach (var text in new[] { "before the fuzz", "second", "third" })
        {
            var id = (string)(await node.SubmitAsync(new { tool = "echo", parameters = new { text } }))["id"]!;
            tasks[id] = await node.AwaitStateAsync(id, "Succeeded");
        }
        return tasks;
    }

    private static string Fingerprint(JsonObject task) =>
        $"{task["state"]} {task["result"]?.ToJsonString()} {task["attempts"]} {task["parameters"]?.ToJsonString()} {task["updatedAt"]}";
}
