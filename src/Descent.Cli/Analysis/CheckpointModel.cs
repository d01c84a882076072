using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Descent.Analysis;
using Descent.Data;
using Descent.NN;
using Descent.Training;

namespace Descent.Cli;

/// <summary>
/// A trained model rebuilt from a checkpoint for <c>descent landscape</c> and <c>descent sharpness</c>: the model spec comes from
/// the checkpoint's configuration (written by <c>descent train</c>) or from <c>--model</c>, the data from <c>--data</c> (or the
/// configuration), and the loss is evaluated on a fixed set of training samples.
/// </summary>
internal sealed class CheckpointModel
{
    private CheckpointModel(CheckpointData checkpoint, Module model, string modelSpec, string dataSpec, IDataset train, ModelLoss loss)
    {
        Checkpoint = checkpoint;
        Model = model;
        ModelSpecText = modelSpec;
        DataSpec = dataSpec;
        Train = train;
        Loss = loss;
    }

    public CheckpointData Checkpoint { get; }

    public Module Model { get; }

    public string ModelSpecText { get; }

    public string DataSpec { get; }

    public IDataset Train { get; }

    /// <summary>The training loss on the evaluation samples, as a function of the flattened parameters.</summary>
    public ModelLoss Loss { get; }

    /// <summary>Reads the spec strings the checkpoint's configuration carries (<c>model</c>, <c>data</c>), if any.</summary>
    public static (string? Model, string? Data) ReadConfig(TrainingProgress progress)
    {
        if (progress.ConfigJson is not { } json)
        {
            return (null, null);
        }

        try
        {
            var node = JsonNode.Parse(json) as JsonObject;
            return (Text(node, "model"), Text(node, "data"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Loads the newest checkpoint in <paramref name="directory"/> into a model built from the resolved spec.</summary>
    /// <exception cref="UsageException">No usable checkpoint, no model spec, a spec that disagrees with the checkpoint's, or
    /// weights that do not fit the model.</exception>
    public static CheckpointModel Load(string directory, string? dataOption, string? modelOption, int samples, int batchSize = 2048)
    {
        OutputFiles.CheckDirectory("checkpoint", directory, mustExist: true);
        CheckpointData checkpoint;
        try
        {
            checkpoint = Descent.Training.Checkpoint.Load(directory);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--checkpoint: " + CliSpecs.OneLine(e.Message));
        }

        return FromCheckpoint(checkpoint, dataOption, modelOption, samples, batchSize);
    }

    /// <summary>Builds the model for an already loaded checkpoint.</summary>
    public static CheckpointModel FromCheckpoint(CheckpointData checkpoint, string? dataOption, string? modelOption, int samples, int batchSize = 2048)
    {
        var (configModel, configData) = ReadConfig(checkpoint.Progress);
        if (configModel != null && modelOption != null && !string.Equals(configModel.Trim(), modelOption.Trim(), StringComparison.Ordinal))
        {
            throw new UsageException($"--model: the checkpoint was trained as \"{configModel}\", not \"{modelOption}\"; leave --model out to use the checkpoint's");
        }

        string modelSpec = configModel ?? modelOption
            ?? throw new UsageException("--model is required: the checkpoint does not record its model (give the spec it was trained with, such as mlp:784-128-10)");
        string dataSpec = dataOption ?? configData
            ?? throw new UsageException("--data is required (the data set the model was trained on, such as fashion-mnist)");

        DataSplits splits;
        try
        {
            splits = Datasets.Load(dataSpec);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--data: " + CliSpecs.OneLine(e.Message));
        }

        var train = splits.Train;
        var dtype = checkpoint.Model.Values.FirstOrDefault()?.DType ?? train.DType;
        int outputs = train.ClassCount > 0 ? train.ClassCount : train.TargetShape.Numel;
        Module model;
        try
        {
            // The initial weights are overwritten by the checkpoint's, so the generator's seed does not matter.
            model = ModelSpec.Build(modelSpec, train.SampleShape, outputs, new Rng(0), dtype);
        }
        catch (ArgumentException e)
        {
            throw new UsageException("--model: " + CliSpecs.OneLine(e.Message));
        }

        try
        {
            model.LoadStateDict(checkpoint.Model);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--checkpoint: the weights do not fit {modelSpec}: {CliSpecs.OneLine(e.Message)}");
        }

        var loss = ModelLoss.FromDataset(model, train, samples, batchSize);
        return new CheckpointModel(checkpoint, model, modelSpec, dataSpec, train, loss);
    }

    /// <summary>The step-* checkpoints in <paramref name="directory"/>, oldest first (the path of a run kept with <c>--keep</c>).</summary>
    public static IReadOnlyList<string> StepDirectories(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory, "step-*").Where(d => File.Exists(Path.Combine(d, "manifest.json")))
                .Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>A one-line description such as "mlp:784-128-10, 101770 parameters, step 9380 (epoch 5)".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{ModelSpecText}, {Loss.Dimension} parameters ({Loss.Layout.DType.Name()}), step {Checkpoint.Progress.GlobalStep} (epoch {Checkpoint.Progress.Epoch}) from {Checkpoint.Path}");

    private static string? Text(JsonObject? o, string key) =>
        o != null && o.TryGetPropertyValue(key, out var v) && v is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
