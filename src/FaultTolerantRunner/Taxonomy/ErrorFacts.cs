using System.Net;
using System.Net.Sockets;
using FaultTolerantRunner.Tools.Processes;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>One exception of a chain: its type names (the type and all its base types, full and short) and message.</summary>
public sealed record ErrorLayer(IReadOnlyList<string> TypeNames, string Message)
{
    /// <summary>Exact full or short name; a leading <c>*</c> matches a name suffix (<c>*TimeoutException</c>).</summary>
    public bool Is(string typeName) => typeName.StartsWith('*')
        ? TypeNames.Any(n => n.EndsWith(typeName[1..], StringComparison.Ordinal))
        : TypeNames.Contains(typeName, StringComparer.Ordinal);
}

/// <summary>
/// An error reduced to what rules match on: the whole exception chain (inner exceptions and every
/// <see cref="AggregateException"/> branch), HTTP status (typed, or as clients print it: <see cref="HttpStatusText"/>),
/// socket error, process exit code and stderr.
/// Built from a live exception or from a report (the classification endpoint).
/// </summary>
public sealed record ErrorFacts(IReadOnlyList<ErrorLayer> Chain, int? HttpStatus = null, int? SocketError = null, int? ExitCode = null, string? Stderr = null)
{
    private const int MaxLayers = 32;

    public string Message => Chain.Count > 0 ? Chain[0].Message : Stderr ?? "";

    public static ErrorFacts From(Exception error)
    {
        var layers = new List<ErrorLayer>();
        int? status = null, socket = null, exit = null;
        string? stderr = null;
        var pending = new Stack<Exception>();
        pending.Push(error);
        while (pending.TryPop(out var e) && layers.Count < MaxLayers)
        {
            layers.Add(new ErrorLayer(NamesOf(e.GetType()), e.Message));
            switch (e)
            {
                case HttpRequestException { StatusCode: { } code }: status ??= (int)code; break;
                case SocketException s: socket ??= (int)s.SocketErrorCode; break;
                case ProcessFailedException p: exit ??= p.ExitCode; stderr ??= p.Stderr; break;
            }
            status ??= StatusFromProperties(e);
            if (e is AggregateException aggregate)
                for (var i = aggregate.InnerExceptions.Count - 1; i >= 0; i--) pending.Push(aggregate.InnerExceptions[i]);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
        status ??= HttpStatusText.Find(layers.Select(l => l.Message).Append(stderr));
        return new ErrorFacts(layers, status, socket, exit, stderr);
    }

    /// <summary>Facts from a description (type names as strings); known types still match rules on their base types.</summary>
    public static ErrorFacts FromReport(string? exceptionType, string? message, string? innerExceptionType, string? innerMessage,
        int? httpStatus, int? socketError, int? exitCode, string? stderr)
    {
        var layers = new List<ErrorLayer>();
        if (exceptionType is not null || message is not null) layers.Add(new ErrorLayer(NamesOf(exceptionType), message ?? ""));
        if (innerExceptionType is not null || innerMessage is not null) layers.Add(new ErrorLayer(NamesOf(innerExceptionType), innerMessage ?? ""));
        httpStatus ??= HttpStatusText.Find([message, innerMessage, stderr]);
        return new ErrorFacts(layers, httpStatus, socketError, exitCode, stderr);
    }

    private static IReadOnlyList<string> NamesOf(Type type)
    {
        var names = new List<string>();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (t.FullName is { } full) names.Add(full);
            names.Add(t.Name);
        }
        return names;
    }

    private static IReadOnlyList<string> NamesOf(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName)) return [];
        var name = typeName.Trim();
        var resolved = Resolve(name);
        if (resolved is not null) return NamesOf(resolved);
        var shortName = name.Contains('.') ? name[(name.LastIndexOf('.') + 1)..] : name;
        return name == shortName ? [name] : [name, shortName];
    }

    private static Type? Resolve(string name)
    {
        foreach (var candidate in name.Contains('.') ? [name] : new[] { name, "System." + name })
        {
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                var type = assembly.GetType(candidate, throwOnError: false);
                if (type is not null && typeof(Exception).IsAssignableFrom(type)) return type;
            }
        }
        return null;
    }

    /// <summary>SDK exceptions carry the HTTP status in a property (<c>StatusCode</c> or <c>Status</c>); read it without referencing them.</summary>
    private static int? StatusFromProperties(Exception e)
    {
        foreach (var name in new[] { "StatusCode", "Status" })
        {
            var property = e.GetType().GetProperty(name);
            if (property is null || property.GetIndexParameters().Length > 0) continue;
            object? value;
            try
            {
                value = property.GetValue(e);
            }
            catch (Exception)
            {
                continue; // a throwing getter tells us nothing
            }
            var status = value switch
            {
                HttpStatusCode code => (int)code,
                int number => number,
                _ => (int?)null,
            };
            if (status is >= 100 and <= 599) return status;
        }
        return null;
    }
}
