using Microsoft.AspNetCore.Builder;

namespace Descent.Cli.Serve;

/// <summary>
/// The training tab's API (a live multi-optimizer training run streamed as server-sent events). Owned by the serve-train work;
/// <see cref="PlaygroundServer"/> calls <see cref="Map"/> at start-up.
/// </summary>
public static class TrainingEndpoints
{
    /// <summary>Maps the training endpoints (under <c>/api/train</c>) onto <paramref name="app"/>.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
    }
}
