using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FaultTolerantRunner.Benchmarks;

// dotnet run -c Release --project tests/FaultTolerantRunner.Benchmarks -- --filter '*' [--artifacts <dir>]
// In-process toolchain: the repository's central package management and warnings-as-errors would break
// BenchmarkDotNet's generated project. Results land in <artifacts>/results as markdown; the README quotes them.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short-inprocess"));
BenchmarkSwitcher.FromAssembly(typeof(BreakerBenchmarks).Assembly).Run(args, config);
