namespace FaultTolerantRunner.Contracts;

/// <summary>What a leave, down or join request set under way for a member (<c>leaving</c>, <c>downed</c>, <c>joining</c>).</summary>
public sealed record MemberActionView(string Address, string Action);
