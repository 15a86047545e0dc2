using Kit.Torch;
using static Kit.Torch.torch;

namespace Kit.Model;

/// <summary>Which release layout a state_dict follows.</summary>
public enum OfficialLayout
{
    /// <summary>The encoder alone, top-level names (patch_embed, blocks.N, norm): the kit's <see cref="VideoEncoder"/>.</summary>
    Encoder,

    /// <summary>A fine-tuned classifier (modeling_finetune): patch_embed, blocks.N, fc_norm (or norm), head.</summary>
    Finetune,

    /// <summary>A pre-trained model (modeling_pretrain): encoder.*, encoder_to_decoder, mask_token, decoder.blocks.N, decoder.norm, decoder.head.</summary>
    Pretrain,
}

/// <summary>
/// The state_dict names of the VideoMAE-family releases (VideoMAE, VideoMAE v2, MGMAE and MME all build on
/// VideoMAE's modeling_pretrain / modeling_finetune) against the kit's module names. The kit named its layers after
/// the releases, so most names agree; the differences are where the modules sit: the fine-tuned model has no
/// "encoder." level, the pre-training model keeps encoder_to_decoder and mask_token at the top rather than in the
/// decoder, and its one pixel head is decoder.head where the kit has one head per target part (decoder.heads.N.head).
/// Tensor shapes agree name for name (the cube embedding is a Conv3d weight (D, C, t, p, p) on both sides).
/// </summary>
public static class OfficialNames
{
    /// <summary>Names older image-MAE-style code uses for what VideoMAE calls encoder_to_decoder, read as aliases.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>
    {
        ["decoder_embed.weight"] = "encoder_to_decoder.weight",
    };

    /// <summary>The release layout a kit model is exported to and loaded from.</summary>
    public static OfficialLayout LayoutOf(nn.Module model) => model switch
    {
        VideoEncoder => OfficialLayout.Encoder,
        VideoClassifier => OfficialLayout.Finetune,
        MaskedVideoModel => OfficialLayout.Pretrain,
        _ => throw new ArgumentException($"official checkpoints hold a VideoEncoder, VideoClassifier or MaskedVideoModel, not a {model.GetType().Name}"),
    };

    /// <summary>The layout a release state_dict follows, judged from its names.</summary>
    public static OfficialLayout LayoutOf(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Any(n => n.StartsWith("encoder.", StringComparison.Ordinal))) return OfficialLayout.Pretrain;
        return list.Any(n => n.StartsWith("head.", StringComparison.Ordinal) || n.StartsWith("fc_norm.", StringComparison.Ordinal))
            ? OfficialLayout.Finetune
            : OfficialLayout.Encoder;
    }

    /// <summary>
    /// The release name of every entry of the model's state_dict that has one (kit name -> release name). A
    /// classifier's encoder.norm maps to "norm" (present in releases fine-tuned without mean pooling).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Map(nn.Module model)
    {
        var layout = LayoutOf(model);
        var singleHead = model is MaskedVideoModel m && m.Decoder.Parts.Count == 1 && m.Decoder.BranchBlocks == 0;
        var map = new Dictionary<string, string>();
        foreach (var name in model.state_dict().Keys)
            map[name] = layout switch
            {
                OfficialLayout.Encoder => name,
                OfficialLayout.Finetune => name.StartsWith("encoder.", StringComparison.Ordinal) ? name["encoder.".Length..] : name,
                _ => PretrainName(name, singleHead),
            };
        return map;
    }

    private static string PretrainName(string kit, bool singleHead)
    {
        if (kit.StartsWith("decoder.encoder_to_decoder.", StringComparison.Ordinal)) return kit["decoder.".Length..];
        if (kit == "decoder.mask_token") return "mask_token";
        if (singleHead && kit.StartsWith("decoder.heads.0.head.", StringComparison.Ordinal)) return "decoder.head." + kit["decoder.heads.0.head.".Length..];
        return kit; // encoder.* and decoder.blocks/norm agree; extra per-part heads keep the kit's names
    }

    /// <summary>
    /// Kit entries a load may leave as initialised: a new classifier's fc_norm and head when starting from
    /// pre-trained weights (VideoMAE fine-tuning starts them fresh), and the final norm that a mean-pooling
    /// fine-tuned release does not have (the kit's classifier does not use it either).
    /// </summary>
    public static bool MayStayInitialised(OfficialLayout target, OfficialLayout source, string kitName) => (target, source) switch
    {
        (OfficialLayout.Finetune, OfficialLayout.Pretrain or OfficialLayout.Encoder) =>
            kitName.StartsWith("fc_norm.", StringComparison.Ordinal) || kitName.StartsWith("head.", StringComparison.Ordinal),
        (OfficialLayout.Finetune, OfficialLayout.Finetune) => kitName.StartsWith("encoder.norm.", StringComparison.Ordinal),
        (OfficialLayout.Encoder, OfficialLayout.Finetune) => kitName.StartsWith("norm.", StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsDecoder(string release) =>
        release.StartsWith("decoder.", StringComparison.Ordinal) || release.StartsWith("encoder_to_decoder.", StringComparison.Ordinal)
        || release == "mask_token" || release == "pos_embed";

    /// <summary>
    /// Brings release names into the target's frame: loading a pre-trained file into an encoder or classifier keeps
    /// the encoder (without its "encoder." prefix) and sets the decoder aside; loading a fine-tuned file into an
    /// encoder sets its classifier (fc_norm, head) aside. Returns null for a name set aside, with the reason.
    /// </summary>
    public static (string? Name, string? SetAsideBecause) ToTargetFrame(string release, OfficialLayout source, OfficialLayout target)
    {
        if (Aliases.TryGetValue(release, out var alias)) release = alias;
        if (source == OfficialLayout.Pretrain && target != OfficialLayout.Pretrain)
            return release.StartsWith("encoder.", StringComparison.Ordinal) ? (release["encoder.".Length..], null)
                : IsDecoder(release) ? (null, "pre-training decoder")
                : (null, "not part of the encoder");
        if (source == OfficialLayout.Finetune && target == OfficialLayout.Encoder
            && (release.StartsWith("fc_norm.", StringComparison.Ordinal) || release.StartsWith("head.", StringComparison.Ordinal)))
            return (null, "classifier head");
        return (release, null);
    }
}
