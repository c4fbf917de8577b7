namespace FaultTolerantRunner.Contracts;

/// <summary><c>GET /api/errors/{id}</c>: one group and its recent reports.</summary>
public sealed record ErrorDetailView(ErrorGroupView Group, IReadOnlyList<ErrorReportView> Reports);
