using Xunit.Abstractions;
using Xunit.Sdk;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// A compliance case. The cases live in the abstract <see cref="JournalComplianceSpec"/>, so the skip decision belongs to
/// the concrete class's store: on <see cref="PostgresJournalStore"/> a case is skipped or mandatory exactly as a
/// <see cref="PostgresFactAttribute"/> test is.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("FaultTolerantRunner.Tests.Journal.Compliance.ComplianceFactDiscoverer", "FaultTolerantRunner.Tests")]
public sealed class ComplianceFactAttribute : FactAttribute;

public sealed class ComplianceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new ComplianceTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class ComplianceTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ComplianceTestCase()
    {
    }

    public ComplianceTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? StoreSkipReason(TestMethod.TestClass.Class.ToRuntimeType());

    private static string? StoreSkipReason(Type testClass)
    {
        var store = testClass.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t.IsAssignableTo(typeof(JournalStore)));
        return store == typeof(PostgresJournalStore) ? new PostgresFactAttribute().Skip : null;
    }
}
