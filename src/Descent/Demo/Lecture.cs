namespace Descent.Demo;

/// <summary>
/// One of the lectures the demo reproduces (the course material in <c>shared/seeds/</c>), named so a report section can say
/// where its idea comes from.
/// </summary>
/// <param name="Id">The lecture's number as the seeds name it (<c>000</c> … <c>004</c>).</param>
/// <param name="Title">The lecture's title in its own language, with an English gloss.</param>
/// <param name="Author">Who gave or wrote it.</param>
public sealed record Lecture(string Id, string Title, string Author)
{
    /// <summary>Lecture 000: 林英嘉 (Ying-Jia Lin), Deep Learning, "最佳化方法" (optimization methods), 2025-09-24.</summary>
    public static Lecture L000 { get; } = new("000", "深度學習 Deep Learning: 最佳化方法 (optimizers)", "林英嘉 Ying-Jia Lin");

    /// <summary>Lecture 001: study notes "深度学习基础" (deep-learning basics): saddle points and the Hessian, batches and momentum, adaptive rates.</summary>
    public static Lecture L001 { get; } = new("001", "深度学习基础 (deep-learning basics: saddle points, batches, momentum, adaptive rates)", "study notes after 李宏毅 Hung-yi Lee");

    /// <summary>Lecture 002: "Day 73 Gradient Descent" (梯度下降): the (x + 5)² loop, its stopping rule, and learning-rate decay.</summary>
    public static Lecture L002 { get; } = new("002", "Day 73 Gradient Descent 梯度下降", "陳宇春");

    /// <summary>Lecture 003: 随机梯度下降法 (stochastic gradient descent and its improvements: momentum, Adam; four optimizers compared).</summary>
    public static Lecture L003 { get; } = new("003", "精通数据科学: 随机梯度下降法 (SGD, momentum, Adam)", "精通数据科学 course");

    /// <summary>Lecture 004: 李宏毅, "一堂課看懂訓練類神經網路的各種訣竅" (training tricks: Adagrad, RMSProp, momentum, Adam).</summary>
    public static Lecture L004 { get; } = new("004", "一堂課看懂訓練類神經網路的各種訣竅 (training tricks)", "李宏毅 Hung-yi Lee");

    /// <summary>A short citation such as <c>lecture 000 (林英嘉 Ying-Jia Lin)</c>.</summary>
    public string Cite => $"lecture {Id} ({Author})";
}
