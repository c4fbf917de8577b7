using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using FaultTolerantRunner.Benchmarks;

// dotnet run -c Release --project tests/FaultTolerantRunner.Benchmarks -- [--filter *Breaker*]
// Results land in BenchmarkDotNet.Artifacts/results (markdown tables); the README quotes them with the machine.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithId("short"));
BenchmarkSwitcher.FromAssembly(typeof(BreakerBenchmarks).Assembly).Run(args, config);
