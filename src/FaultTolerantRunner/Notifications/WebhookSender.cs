using System.Net.Http.Json;
using System.Threading.Channels;
using Akka.Actor;
using FaultTolerantRunner.Breakers;
using FaultTolerantRunner.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace FaultTolerantRunner.Notifications;

/// <summary>
/// Delivers webhook notifications at least once: a bounded queue (the oldest is dropped and counted when full, so
/// a dead endpoint cannot eat memory), a background loop that retries each delivery with exponential backoff and
/// jitter, and each endpoint guarded by a circuit breaker (<c>webhook:&lt;host:port&gt;</c>) so a down receiver
/// fails fast. Enqueueing never waits: task execution is never blocked by a notification.
/// </summary>
public sealed class WebhookSender : IAsyncDisposable
{
    /// <summary>The wire's style (camelCase, lower-case severities), with absent members written as null as webhook receivers have always seen them.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions BodyOptions =
        new(Contracts.WireJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private readonly NotificationOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _log;
    private readonly Channel<Notification> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ResiliencePipeline _retry;
    private Task? _loop;
    private IActorRef? _breakers;

    public WebhookSender(NotificationOptions options, ILogger<WebhookSender> log, HttpClient? http = null)
    {
        _options = options;
        _log = log;
        _http = http ?? new HttpClient();
        _http.Timeout = options.Timeout;
        _queue = Channel.CreateBounded<Notification>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, dropped =>
        {
            RunnerMetrics.NotificationDropped();
            _log.LogWarning("notification {Id} dropped: webhook queue full ({Capacity})", dropped.Id, options.QueueCapacity);
        });
        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException || !_stopping.IsCancellationRequested),
        }).Build();
    }

    /// <summary>Deliveries queued and not yet done.</summary>
    public int Pending => _queue.Reader.Count;

    /// <summary>Starts the delivery loop; <paramref name="breakers"/> is the node's breaker registry.</summary>
    public void Start(IActorRef? breakers)
    {
        _breakers = breakers;
        _loop ??= Task.Run(DeliverAllAsync);
    }

    /// <summary>Queues a notification for every configured endpoint; returns false when no endpoint is configured.</summary>
    public bool Enqueue(Notification notification)
    {
        if (_options.Webhooks.Count == 0) return false;
        _queue.Writer.TryWrite(notification);
        return true;
    }

    private async Task DeliverAllAsync()
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
                foreach (var endpoint in _options.Webhooks)
                    await DeliverAsync(notification, new Uri(endpoint)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Notification notification, Uri endpoint)
    {
        var service = $"webhook:{endpoint.Authority}";
        var tries = 0;
        try
        {
            await _retry.ExecuteAsync(async token =>
            {
                tries++;
                await PostGuardedAsync(notification, endpoint, service, token).ConfigureAwait(false);
            }, _stopping.Token).ConfigureAwait(false);
            RunnerMetrics.NotificationSent("webhook", succeeded: true);
            _log.LogInformation("notification {Id} ({Severity} {Kind}) delivered to {Endpoint} after {Tries} attempt(s)",
                notification.Id, notification.Severity, notification.Kind, endpoint, tries);
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            RunnerMetrics.NotificationSent("webhook", succeeded: false);
            _log.LogError("notification {Id} ({Severity} {Kind}) NOT delivered to {Endpoint} after {Tries} attempt(s): {Error}",
                notification.Id, notification.Severity, notification.Kind, endpoint, tries, e.Message);
        }
    }

    private async Task PostGuardedAsync(Notification notification, Uri endpoint, string service, CancellationToken token)
    {
        var permit = _breakers is null ? null : await AcquireAsync(service).ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = CallOutcome.Failure;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(notification, options: BodyOptions) };
            request.Headers.Add("X-Ftr-Notification-Id", notification.Id);
            using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            outcome = CallOutcome.Success;
        }
        finally
        {
            if (permit is not null)
                _breakers!.Tell(new BreakerProtocol.Report(service, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started), permit.Probe, permit.Epoch));
        }
    }

    private async Task<BreakerProtocol.Permit?> AcquireAsync(string service)
    {
        object reply;
        try
        {
            reply = await _breakers!.Ask<object>(new BreakerProtocol.Acquire(service), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null; // The breaker did not answer: deliver anyway rather than block on our own machinery.
        }
        return reply switch
        {
            BreakerProtocol.Permit permit => permit,
            BreakerProtocol.Rejected rejected => throw new HttpRequestException($"webhook endpoint breaker '{service}' is open: {rejected.Reason}"),
            _ => null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        _http.Dispose();
    }
}
