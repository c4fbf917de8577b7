using FaultTolerantRunner.Taxonomy;
using FaultTolerantRunner.Tools.Processes;

namespace FaultTolerantRunner.Tests.Taxonomy;

public sealed class HttpStatusTextTests
{
    [Theory]
    [InlineData("Response status code does not indicate success: 503 (Service Unavailable).", 503)]
    [InlineData("requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://x/y", 404)]
    [InlineData("curl: (22) The requested URL returned error: 429", 429)]
    [InlineData("AxiosError: Request failed with status code 502", 502)]
    [InlineData("The proxy tunnel request to proxy 'http://p:3128/' failed with status code '407'.", 407)]
    [InlineData("2024-05-01 10:00:00 ERROR 410: Gone.", 410)]
    [InlineData("google.api_core.exceptions.Forbidden: 403 GET https://storage.googleapis.com/b", 403)]
    [InlineData("Error from server (NotFound): deployments.apps \"billing\" not found", 404)]
    [InlineData("Error from server (AlreadyExists): jobs.batch \"nightly\" already exists", 409)]
    [InlineData("Error from server (ServiceUnavailable): the server is currently unable to handle the request", 503)]
    [InlineData("The service storage has thrown an exception. HttpStatusCode is TooManyRequests.", 429)]
    [InlineData("Operation returned an invalid status code 'Forbidden'", 403)]
    public void A_status_is_read_from_the_phrasings_clients_report_it_in(string text, int status) =>
        Assert.Equal(status, HttpStatusText.Find(text));

    [Theory]
    [InlineData("Expected 7 fields in line 404, saw 9")]
    [InlineData("Timeout performing GET (5000ms), inst: 503")]
    [InlineData("Error from server (Weird): something")]
    [InlineData("Operation returned an invalid status code 'OK'")] // not an error status
    [InlineData("HttpStatusCode is 999")]
    [InlineData("Request failed with status code 304")] // not an error status
    [InlineData("")]
    public void A_bare_number_or_an_unknown_name_is_never_taken_for_a_status(string text) =>
        Assert.Null(HttpStatusText.Find(text));

    [Fact]
    public void A_typed_status_wins_over_one_in_the_text()
    {
        var facts = ErrorFacts.FromReport("System.Net.Http.HttpRequestException", "returned error: 500", null, null, 429, null, null, null);

        Assert.Equal(429, facts.HttpStatus);
    }

    [Fact]
    public void A_process_that_printed_a_status_is_classified_by_it()
    {
        var result = RuleBasedClassifier.Default.Classify(new ProcessFailedException("curl", 22, "curl: (22) The requested URL returned error: 503"));

        Assert.Equal(ErrorCategory.Transient, result.Category);
        Assert.Equal("transient.http", result.Rule);
    }
}
