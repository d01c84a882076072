using Descent.Functions;

namespace Descent.Cli.Serve;

/// <summary>
/// What one playground request may ask for. Each bound keeps a request well under a second on one core, so no request (or a
/// handful at once) can exhaust the machine; anything beyond is answered with a 400 problem detail naming the limit.
/// </summary>
public static class PlaygroundLimits
{
    /// <summary>The longest expression, in characters (the parser's own bound).</summary>
    public const int MaxExpressionLength = Expression.MaxLength;

    /// <summary>The longest optimizer or schedule spec, in characters.</summary>
    public const int MaxSpecLength = 400;

    /// <summary>The smallest contour grid, samples per axis.</summary>
    public const int MinGrid = 8;

    /// <summary>The largest contour grid, samples per axis (240² ≈ 58 k evaluations).</summary>
    public const int MaxGrid = 240;

    /// <summary>The contour grid when the request does not say.</summary>
    public const int DefaultGrid = 120;

    /// <summary>The most optimizers in one request.</summary>
    public const int MaxOptimizers = 8;

    /// <summary>The most steps per optimizer.</summary>
    public const int MaxSteps = 2000;

    /// <summary>The most steps of a learning-rate curve.</summary>
    public const int MaxScheduleSteps = 100_000;

    /// <summary>
    /// The most evaluations of f one run may make: steps × optimizers, where L-BFGS counts <c>max_eval</c> per step (it may
    /// evaluate f that often in one step). Plain optimizers at the step limit use 8 × 2000 = 16 000.
    /// </summary>
    public const long MaxEvaluations = 200_000;

    /// <summary>How many computing requests run at once; more wait (up to <see cref="QueueTimeout"/>) and are then refused with 503.</summary>
    public static int MaxConcurrentRequests { get; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How long a request waits for a free slot before the server answers 503.</summary>
    public static TimeSpan QueueTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest magnitude of a coordinate (bounds, start, point).</summary>
    public const double MaxCoordinate = 1e6;
}
