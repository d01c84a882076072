using Descent.Demo;

namespace Descent.Cli;

/// <summary><c>descent demo</c>: the lectures reproduced, as one HTML page with a section per idea.</summary>
public sealed class DemoCommand : ICommand
{
    /// <inheritdoc/>
    public string Name => "demo";

    /// <inheritdoc/>
    public string Summary => "reproduce the lectures' examples on built-in data and write an HTML report";

    /// <inheritdoc/>
    public string Usage => """
        descent demo [--out DIR] [--figures] [--fashion-mnist]

          --out DIR         where to write index.html (default ./demo; created if missing)
          --figures         also write every figure as its own SVG file, DIR/figures/section-S-figure-F.svg
          --fashion-mnist   also train a softmax classifier on Fashion-MNIST in section 9 (only when the data set is installed;
                            otherwise the section says it was skipped)

        Nine sections, each one idea from the lectures with its numbers and its picture: learning rates on ½x², lecture 002's
        stopping rule on (x + 5)², full-batch vs SGD vs mini-batch, momentum, AdaGrad/RMSProp/Adam on an ellipse, Adam's bias
        correction, learning-rate decay, the saddle point of (1 − xy)², and small vs large batches with a softmax classifier.
        Runs in seconds on built-in synthetic data, deterministically.
        """;

    /// <inheritdoc/>
    public int Run(CliArgs args, TextWriter output, TextWriter err)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(err);
        string directory = args.OutputDirectory("out") ?? "demo";
        bool fashion = args.Flag("fashion-mnist");
        bool figures = args.Flag("figures");
        args.RejectUnknown();
        OutputFiles.CheckDirectory("out", directory, mustExist: false);

        var (run, path) = LectureDemo.Write(directory, new DemoOptions { FashionMnist = fashion }, figures);
        output.WriteLine($"wrote {path}" + (figures ? $" and its figures in {Path.Combine(directory, LectureDemo.FiguresFolder)}" : ""));
        foreach (var section in run.Sections)
        {
            output.WriteLine($"  {section.Number}. {section.Summary}");
        }

        return 0;
    }
}
