using System.Globalization;
using System.Net;
using System.Text;
using Kit.Display;

namespace Kit.Torch;

public partial class Tensor : IMimeRenderable
{
    /// <summary>
    /// How a notebook shows a tensor: its values laid out as PyTorch's repr does (4 decimals, or scientific notation
    /// when magnitudes differ by more than 1000x; tensors over 1,000 elements elided to 3 items at each edge of each
    /// dimension), with shape, dtype and device; as text and as HTML.
    /// </summary>
    public MimeBundle ToMimeBundle() => TensorFormat.Bundle(this);
}

/// <summary>
/// PyTorch's tensor printout rules (torch/_tensor_str.py's defaults: precision 4, threshold 1000, edge items 3, line
/// width 80), re-implemented over the kit's tensors for notebook display.
/// </summary>
public static class TensorFormat
{
    /// <summary>Elements above which a tensor is elided; items kept at each edge; characters per line.</summary>
    public const int Threshold = 1000, EdgeItems = 3, LineWidth = 80;
    private const string Prefix = "tensor(";

    /// <summary>Text and HTML renderings of <paramref name="tensor"/>.</summary>
    public static MimeBundle Bundle(Tensor tensor)
    {
        if (tensor.IsDisposed) return new MimeBundle("tensor(disposed)");
        var (values, summarized) = Values(tensor);
        var facts = $"shape={Tensor.ShapeString(tensor.shape)}, dtype={tensor.dtype.Name()}, device={tensor.device}"
                    + (tensor.requires_grad ? ", requires_grad=True" : "");
        var text = $"{Prefix}{values}, {facts})";
        var html = new StringBuilder("<div class=\"kit-tensor\"><div style=\"font-family:monospace;color:#555\">")
            .Append(WebUtility.HtmlEncode($"Tensor {Tensor.ShapeString(tensor.shape)} {tensor.dtype.Name()} on {tensor.device}"))
            .Append(tensor.requires_grad ? " (requires grad)" : "")
            .Append(summarized ? $" — {tensor.numel():N0} values, edges shown" : "")
            .Append("</div><pre style=\"margin:0.3em 0\">")
            .Append(WebUtility.HtmlEncode(values))
            .Append("</pre></div>");
        return new MimeBundle(text).With(MimeBundle.Html, html.ToString());
    }

    /// <summary>The values part of the printout ("[[1., 2.], [3., 4.]]" laid out), and whether it was elided.</summary>
    public static (string Text, bool Summarized) Values(Tensor tensor)
    {
        var shape = tensor.shape;
        if (shape.Any(s => s == 0)) return ("[]", false);
        var summarized = tensor.numel() > Threshold;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (data, kept) = Edges(tensor, summarized);
        var cells = tensor.dtype.IsFloatingPoint() ? Cells.Floats(data.to(ScalarType.Float64).cpu().ToArray<double>())
            : tensor.dtype == ScalarType.Bool ? Cells.Bools(data.to(ScalarType.Int64).cpu().ToArray<long>())
            : Cells.Integers(data.to(ScalarType.Int64).cpu().ToArray<long>());
        if (shape.Length == 0) return (cells[0], false);
        var text = new StringBuilder();
        Layout(text, cells, kept, shape, summarized, dim: 0, offset: 0, indent: Prefix.Length);
        return (text.ToString(), summarized);
    }

    /// <summary>The tensor reduced to its first and last <see cref="EdgeItems"/> along every long dimension, and the kept sizes.</summary>
    private static (Tensor Data, long[] Kept) Edges(Tensor tensor, bool summarized)
    {
        var shape = tensor.shape;
        var data = tensor;
        var kept = (long[])shape.Clone();
        if (!summarized) return (data, kept);
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] <= 2 * EdgeItems) continue;
            var n = shape[d];
            var index = torch.tensor(new long[] { 0, 1, 2, n - 3, n - 2, n - 1 }, device: tensor.device);
            data = data.index_select(d, index);
            kept[d] = 2 * EdgeItems;
        }
        return (data, kept);
    }

    private static void Layout(StringBuilder text, Cells cells, long[] kept, long[] shape, bool summarized, int dim, long offset, int indent)
    {
        var elided = summarized && shape[dim] > 2 * EdgeItems;
        var count = (int)kept[dim];
        var stride = 1L;
        for (var d = dim + 1; d < kept.Length; d++) stride *= kept[d];
        var items = new List<string>();
        if (dim == kept.Length - 1)
        {
            for (var i = 0; i < count; i++)
            {
                if (elided && i == EdgeItems) items.Add(" ...");
                items.Add(cells[offset + i]);
            }
            var perLine = Math.Max(1, (LineWidth - indent) / (cells.Width + 2));
            var lines = items.Chunk(perLine).Select(chunk => string.Join(", ", chunk));
            text.Append('[').AppendJoin(",\n" + new string(' ', indent + 1), lines).Append(']');
            return;
        }
        var separator = "," + new string('\n', kept.Length - dim - 1) + new string(' ', indent + 1);
        text.Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(separator);
            if (elided && i == EdgeItems) text.Append("...").Append(separator);
            Layout(text, cells, kept, shape, summarized, dim + 1, offset + i * stride, indent + 1);
        }
        text.Append(']');
    }

    /// <summary>
    /// Every element written in one format chosen from all of them (integers as they are; floats with 4 decimals,
    /// as "3." when all are whole, or in scientific notation when their magnitudes span more than 1000x, exceed 1e8 or
    /// go below 1e-4), right-aligned to the widest, so columns line up.
    /// </summary>
    private sealed class Cells
    {
        private readonly string[] _plain;

        private Cells(string[] plain, int width)
        {
            _plain = plain;
            Width = width;
        }

        /// <summary>The width every cell is padded to.</summary>
        public int Width { get; }

        public string this[long index]
        {
            get
            {
                var plain = _plain[index];
                return plain.Length >= Width ? plain : new string(' ', Width - plain.Length) + plain;
            }
        }

        public static Cells Integers(long[] values)
        {
            var plain = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            return new Cells(plain, plain.Select(p => p.Length).DefaultIfEmpty(1).Max());
        }

        public static Cells Bools(long[] values)
        {
            var plain = values.Select(v => v != 0 ? "True" : "False").ToArray();
            return new Cells(plain, plain.Select(p => p.Length).DefaultIfEmpty(1).Max());
        }

        public static Cells Floats(double[] values)
        {
            // As PyTorch: the format and the width come from the finite non-zero values only.
            var magnitudes = values.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToList();
            var integral = magnitudes.All(v => v == Math.Ceiling(v));
            var scientific = magnitudes.Count > 0
                && (magnitudes.Max() / magnitudes.Min() > 1000 || magnitudes.Max() > 1e8 || (!integral && magnitudes.Min() < 1e-4));
            string Plain(double v) =>
                double.IsNaN(v) ? "nan"
                : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
                : scientific ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture)
                : integral ? v.ToString("F0", CultureInfo.InvariantCulture) + "."
                : v.ToString("F4", CultureInfo.InvariantCulture);
            var width = values.Where(v => double.IsFinite(v) && v != 0).Select(v => Plain(v).Length).DefaultIfEmpty(1).Max();
            return new Cells(values.Select(Plain).ToArray(), width);
        }
    }
}
