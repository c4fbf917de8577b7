using FaultTolerantRunner.Node;

return await NodeHost.RunAsync(args);
