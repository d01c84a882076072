namespace Descent.Tests.Cli;

/// <summary>
/// One small batch-size study on synthetic blobs, run once for the CLI analysis tests: its output directory holds the report
/// and, under <c>checkpoints/batch-B</c>, each run's snapshots as checkpoints for <c>descent sharpness</c> and <c>landscape</c>.
/// </summary>
public sealed class StudyFixture : IDisposable
{
    public const string Data = "blobs:n=300,features=4,test=0.2";

    public StudyFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("descent-study-").FullName;
        Out = Path.Combine(Directory, "study");
        (Code, Output, Error) = CliTestHost.Run(
            "study", "batch-size", "--data", Data, "--model", "mlp:4-8-3", "--optimizer", "sgd:lr=0.1", "--batch-sizes", "8;240",
            "--epochs", "3", "--out", Out, "--snapshots", "4", "--path-grid", "5");
    }

    public string Directory { get; }

    public string Out { get; }

    public int Code { get; }

    public string Output { get; }

    public string Error { get; }

    public string Checkpoints(int batchSize) => Path.Combine(Out, "checkpoints", $"batch-{batchSize}");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
