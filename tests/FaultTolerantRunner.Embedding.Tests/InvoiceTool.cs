using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Embedding.Tests;

/// <summary>The embedder's own handler, built through DI: invoices a customer, or fails when the billing quota is used up.</summary>
public sealed class InvoiceTool(InvoiceLedger ledger) : ITaskHandler
{
    public const string OverQuota = "over-quota";

    public string Description => "invoices one customer";

    public IReadOnlyList<ToolParameter> Parameters { get; } = [new("customer", ParameterType.String, Required: true)];

    public Task<ToolResult> ExecuteAsync(AttemptContext context, CancellationToken cancellation)
    {
        var customer = context.Parameters.GetString("customer");
        ledger.Attempted(customer);
        if (customer == OverQuota) throw new InvalidOperationException($"billing quota exceeded for customer {customer}");
        return Task.FromResult(ToolResult.Of(new { invoiced = customer }));
    }
}
