using Xunit.Abstractions;
using Xunit.Sdk;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>Makes each <see cref="ComplianceFactAttribute"/> case a <see cref="ComplianceTestCase"/>.</summary>
public sealed class ComplianceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ComplianceTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}
