namespace FaultTolerantRunner.Contracts;

/// <summary>One actor of the local tree: its path, its name indented by depth for display, and how many children it has.</summary>
public sealed record ActorView(string Path, string Name, int Depth, int Children);
