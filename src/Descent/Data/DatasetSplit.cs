using System.Globalization;

namespace Descent.Data;

/// <summary>Seeded train/validation splits, optionally stratified by class.</summary>
public static class DatasetSplit
{
    /// <summary>Salt for the split's random stream, so it never coincides with a loader's per-epoch shuffle of the same seed.</summary>
    private const ulong SplitStream = 0x5B117_5B117UL;

    /// <summary>
    /// Splits <paramref name="data"/> into a training part and a validation part of <c>round(n·fraction)</c> samples, chosen
    /// at random from the seed. Both parts are <see cref="Subset"/> views (no copy) listing their samples in ascending order.
    /// </summary>
    /// <param name="data">The data set to split.</param>
    /// <param name="validationFraction">The share of samples for validation, in (0, 1).</param>
    /// <param name="seed">The seed: the same seed always gives the same split.</param>
    /// <param name="stratify">
    /// Keep class proportions (classification only): each class contributes its share of validation samples, apportioned by
    /// largest remainders so the total is still exactly <c>round(n·fraction)</c>.
    /// </param>
    /// <exception cref="ArgumentException">The fraction is outside (0, 1), a part would be empty, or stratifying a regression set.</exception>
    public static TrainValidationSplit TrainValidation(IDataset data, double validationFraction, ulong seed = 0, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (train, validation) = Indices(data, validationFraction, seed, stratify);
        return new TrainValidationSplit(new Subset(data, train), new Subset(data, validation));
    }

    /// <summary>The index sets of <see cref="TrainValidation"/>: (training indices, validation indices), each ascending.</summary>
    public static (int[] Train, int[] Validation) Indices(IDataset data, double validationFraction, ulong seed = 0, bool stratify = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var inv = CultureInfo.InvariantCulture;
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentException(
                string.Create(inv, $"Validation fraction must be between 0 and 1 (exclusive), got {validationFraction:R}"), nameof(validationFraction));
        }

        int n = data.Count;
        int nVal = (int)Math.Round(n * validationFraction, MidpointRounding.AwayFromZero);
        if (nVal < 1 || nVal > n - 1)
        {
            throw new ArgumentException(
                string.Create(inv, $"A validation fraction of {validationFraction:R} of {n} samples leaves {nVal} for validation and {n - nVal} for training; both parts need at least one sample"),
                nameof(validationFraction));
        }

        var rng = Rng.ForStream(seed, SplitStream);
        var isVal = new bool[n];
        if (!stratify)
        {
            var perm = rng.Permutation(n);
            for (int i = 0; i < nVal; i++)
            {
                isVal[perm[i]] = true;
            }
        }
        else
        {
            if (data.ClassCount == 0)
            {
                throw new ArgumentException("A stratified split needs class labels; this is a regression data set (use stratify: false)", nameof(stratify));
            }

            var labels = data.AllLabels();
            var members = new List<int>[data.ClassCount];
            for (int c = 0; c < members.Length; c++)
            {
                members[c] = [];
            }

            for (int i = 0; i < n; i++)
            {
                members[labels[i]].Add(i);
            }

            // Largest-remainder apportionment of nVal over the classes.
            var take = new int[members.Length];
            var remainder = new double[members.Length];
            int assigned = 0;
            for (int c = 0; c < members.Length; c++)
            {
                double exact = (double)nVal * members[c].Count / n;
                take[c] = (int)Math.Floor(exact);
                remainder[c] = exact - take[c];
                assigned += take[c];
            }

            foreach (var c in Enumerable.Range(0, members.Length).OrderByDescending(c => remainder[c]).ThenBy(c => c).Take(nVal - assigned))
            {
                take[c]++;
            }

            for (int c = 0; c < members.Length; c++)
            {
                var perm = rng.Permutation(members[c].Count);
                for (int i = 0; i < take[c]; i++)
                {
                    isVal[members[c][perm[i]]] = true;
                }
            }
        }

        var train = new int[n - nVal];
        var validation = new int[nVal];
        int t = 0, v = 0;
        for (int i = 0; i < n; i++)
        {
            if (isVal[i])
            {
                validation[v++] = i;
            }
            else
            {
                train[t++] = i;
            }
        }

        return (train, validation);
    }
}

/// <summary>The two parts of a <see cref="DatasetSplit.TrainValidation"/> split.</summary>
/// <param name="Train">The training samples.</param>
/// <param name="Validation">The validation samples.</param>
public sealed record TrainValidationSplit(Subset Train, Subset Validation);
