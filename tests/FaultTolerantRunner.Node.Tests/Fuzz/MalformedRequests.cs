using System.Text;
using FaultTolerantRunner.Commands;

namespace FaultTolerantRunner.Node.Tests.Fuzz;

/// <summary>One mapped endpoint as the fuzz sees it: method, route template, and the body and query fields its command declares.</summary>
public sealed record FuzzTarget(string Method, string Route, IReadOnlyList<CommandInput> BodyFields, IReadOnlyList<string> QueryNames, bool Dangerous);

/// <summary>A request to send: what it is, so that a failure names it.</summary>
public sealed record FuzzRequest(string Kind, string Method, string Path, string? ContentType, byte[]? Body, bool ExpectContinue = false)
{
    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Body.Length > 160 ? $"{Body.Length} bytes: {Printable(Body.AsSpan(0, 160))}…" : Printable(Body);
        var path = Path.Length > 200 ? Path[..200] + $"…({Path.Length} chars)" : Path;
        return $"[{Kind}] {Method} {path} content-type={ContentType ?? "(none)"} {body}";
    }

    private static string Printable(ReadOnlySpan<byte> bytes) =>
        new(Encoding.UTF8.GetString(bytes).Select(c => char.IsControl(c) ? '·' : c).ToArray());
}

/// <summary>
/// Builds malformed requests from a seeded <see cref="Random"/>: random bytes, truncated and deeply nested JSON, lone
/// surrogate escapes, huge numbers, wrong field types, wrong content types, oversized bodies and junk in route values and
/// queries. A dangerous route (one that would make the node leave, down itself or inject faults if the body were valid)
/// only ever gets a non-empty body that cannot be read as JSON, so it fails before it acts.
/// </summary>
public sealed class MalformedRequests(Random random)
{
    public const int OversizedBytes = 1024 * 1024 + 4096;

    private static readonly string[] PathJunk =
    [
        "..", "%2e%2e", "..%2f..%2fetc%2fpasswd", "%", "%zz", "%00", "%ED%A0%80", "%C0%AF", "%FF%FE", "%2F", "%5C", "a%20b", "%25%32%65",
        "~", "%7B%7D", "null", "-1", "0", "00000000000000000000000000000000", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ",
    ];

    private static readonly string[] ValueJunk =
    [
        "", "-1", "0", "1e999", "99999999999999999999999999", "-9223372036854775809", "NaN", "Infinity", "0x10", "%ED%A0%80", "%00",
        "%", "%zz", "\u00e9", "true", "[]", "{}", "..%2f", "2026-13-45T99:99:99Z", "Runing", "%FF",
    ];

    private static readonly string[] LoneSurrogates = [@"\ud800", @"\udbff", @"\udc00", @"\udfff", @"\ud83d", @"\ud83d\u0041", @"\ude00\ud83d"];

    private static readonly string[] HugeNumbers =
        ["1e400", "-1e400", "99999999999999999999999999999999", "-99999999999999999999999999999999", "1.5", "2147483648", "-2147483649", "0.0000000001e-400", "1" + new string('0', 500)];

    private static readonly string[] WrongContentTypes =
        ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "json", "*/*", "application/octet-stream"];

    public FuzzRequest Next(FuzzTarget target)
    {
        var path = Path(target);
        if (target.Dangerous) return Unreadable(target, path);
        return random.Next(12) switch
        {
            0 => Unreadable(target, path),
            1 => Json("truncated", target, path, Truncate(Plausible(target))),
            2 => Json("deeply-nested", target, path, Nested(target)),
            3 => Json("lone-surrogate", target, path, WithSurrogate(target)),
            4 => Json("huge-number", target, path, WithValue(target, Pick(HugeNumbers))),
            5 => Json("wrong-type", target, path, WithValue(target, WrongTypeFor(target))),
            6 => new FuzzRequest("wrong-content-type", target.Method, path, Pick(WrongContentTypes), Encoding.UTF8.GetBytes(Plausible(target))),
            7 => new FuzzRequest("no-content-type", target.Method, path, null, Encoding.UTF8.GetBytes(Plausible(target))),
            8 => Json("oversized", target, path, "{\"note\":\"" + new string('x', OversizedBytes) + "\"}") with { ExpectContinue = true },
            9 => Json("not-an-object", target, path, Pick(["null", "[]", "\"text\"", "123", "true", "[{}]", " "])),
            10 => new FuzzRequest("path-and-query-junk", target.Method, path + Query(target), null, null),
            _ => Json("random-bytes", target, path, RandomBytes()),
        };
    }

    /// <summary>A non-empty body with a JSON content type that no JSON reader accepts.</summary>
    private FuzzRequest Unreadable(FuzzTarget target, string path) => random.Next(4) switch
    {
        0 => Json("random-bytes", target, path, RandomBytes()),
        1 => Json("truncated", target, path, Truncate(Plausible(target))),
        2 => Json("deeply-nested", target, path, Nested(target)),
        _ => Json("lone-surrogate", target, path, WithSurrogate(target)),
    };

    private static FuzzRequest Json(string kind, FuzzTarget target, string path, string body) => Json(kind, target, path, Encoding.UTF8.GetBytes(body));

    private static FuzzRequest Json(string kind, FuzzTarget target, string path, byte[] body) =>
        new(kind, target.Method, path, "application/json", body);

    private string Path(FuzzTarget target)
    {
        var path = target.Route;
        while (path.IndexOf('{') is var open and >= 0)
        {
            var close = path.IndexOf('}', open);
            path = path[..open] + RouteJunk() + path[(close + 1)..];
        }
        return path;
    }

    private string RouteJunk() => random.Next(4) switch
    {
        0 => new string('a', random.Next(200, 4000)),
        1 => Pick(PathJunk) + Pick(PathJunk),
        2 => Convert.ToHexString(RandomBytes(16)).ToLowerInvariant(),
        _ => Pick(PathJunk),
    };

    private string Query(FuzzTarget target)
    {
        var names = target.QueryNames.Concat(["limit", "offset", "since", "state", "x%00", "%ED%A0%80"]).ToArray();
        var parts = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
            $"{Pick(names)}={(random.Next(5) == 0 ? new string('9', random.Next(20, 3000)) : Pick(ValueJunk))}");
        return "?" + string.Join('&', parts);
    }

    /// <summary>A body shaped like the endpoint's own: its declared fields with plausible values.</summary>
    private string Plausible(FuzzTarget target)
    {
        var fields = target.BodyFields.Count == 0 ? ["tool", "parameters"] : target.BodyFields.Select(f => f.Target).ToArray();
        return "{" + string.Join(',', fields.Select(f => $"\"{f}\":{(f == "parameters" ? "{\"text\":\"hi\"}" : f.EndsWith("Seconds", StringComparison.Ordinal) ? "5" : "\"echo\"")}")) + "}";
    }

    private string Truncate(string json) => json[..random.Next(1, json.Length - 1)];

    private string Nested(FuzzTarget target)
    {
        var depth = random.Next(65, 5000);
        var field = target.BodyFields.Count == 0 ? "parameters" : Pick(target.BodyFields).Target;
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : "{\"" + field + "\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth + 1);
    }

    private string WithSurrogate(FuzzTarget target)
    {
        var surrogate = Pick(LoneSurrogates);
        var field = target.BodyFields.Count == 0 ? "tool" : Pick(target.BodyFields).Target;
        return random.Next(4) switch
        {
            0 => $"{{\"{field}{surrogate}\":\"x\"}}",
            1 => $"{{\"tool\":\"echo\",\"parameters\":{{\"text\":\"a{surrogate}b\"}}}}",
            2 => $"{{\"{field}\":[\"ok\",\"{surrogate}\"]}}",
            _ => $"{{\"{field}\":\"{surrogate}\"}}",
        };
    }

    private string WithValue(FuzzTarget target, string json)
    {
        var field = target.BodyFields.Count == 0 ? "timeoutSeconds" : Pick(target.BodyFields).Target;
        return $"{{\"{field}\":{json}}}";
    }

    private string WrongTypeFor(FuzzTarget target)
    {
        var type = target.BodyFields.Count == 0 ? CommandValueType.Text : Pick(target.BodyFields).Type;
        return type switch
        {
            CommandValueType.Integer or CommandValueType.Number => Pick(["\"60\"", "true", "{}", "[1]", "1.5"]),
            CommandValueType.Map => Pick(["\"k=v\"", "[\"k\",\"v\"]", "42", "true"]),
            CommandValueType.Flag => Pick(["\"yes\"", "1", "{}"]),
            _ => Pick(["42", "true", "{\"a\":1}", "[\"x\"]", "-0.0"]),
        };
    }

    private byte[] RandomBytes(int? length = null)
    {
        var bytes = new byte[length ?? random.Next(1, 512)];
        random.NextBytes(bytes);
        // A leading byte that never starts a JSON value keeps "random" from ever being a valid body by chance.
        if (length is null) bytes[0] = (byte)'#';
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
