using System.Text.RegularExpressions;

namespace FaultTolerantRunner.Cli;

/// <summary>The node to talk to: the optional first word <c>host:port</c> or URL, else 127.0.0.1:5080.</summary>
public static partial class NodeTarget
{
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>Takes the node off the front of the arguments when the first word names one.</summary>
    public static (Uri Node, string[] Remaining) Split(string[] args)
    {
        if (args.Length > 0 && LooksLikeNode(args[0])) return (Parse(args[0]), args[1..]);
        return (new Uri(Default), args);
    }

    public static bool LooksLikeNode(string word) =>
        word.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || word.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || HostPort().IsMatch(word);

    public static Uri Parse(string word)
    {
        var text = word.Contains("://", StringComparison.Ordinal) ? word : "http://" + word;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/")
            return uri;
        throw new CliFailure(ExitCodes.Usage, $"'{word}' is not a node address; use host:port (e.g. 127.0.0.1:5080) or a URL (e.g. http://node1:5080)");
    }

    public static string Display(Uri node) => node.Scheme == "http" ? node.Authority : node.ToString().TrimEnd('/');

    [GeneratedRegex(@"^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}$")]
    private static partial Regex HostPort();
}
