using FaultTolerantRunner.Supervision;
using FaultTolerantRunner.Tools;

namespace FaultTolerantRunner.Tasks;

/// <summary>What every task entity on a node shares: the tools, the failure policy and the options.</summary>
public sealed record TaskRuntime(ToolRegistry Tools, IFailurePolicy FailurePolicy, TaskOptions Options, string NodeName, TimeProvider Clock);
