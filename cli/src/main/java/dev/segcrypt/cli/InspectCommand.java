package dev.segcrypt.cli;

import dev.segcrypt.Segcrypt;
import dev.segcrypt.SegmentInfo;
import dev.segcrypt.StreamInfo;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code segcrypt inspect}: a stream's structure, read without a key. */
final class InspectCommand {

    static final Command COMMAND = new Command(
            "inspect",
            List.of("Show a stream's structure (header fields, segments, frames, sizes) without a key."
                    + " Nothing is authenticated."),
            new Command.Operand("FILE", "the encrypted file", true),
            List.of(),
            InspectCommand::run);

    private InspectCommand() {}

    private static int run(Arguments arguments, PrintWriter out, PrintWriter err) throws Exception {
        Path file = arguments.operandPath();
        List<SegmentInfo> segments = new ArrayList<>();
        StreamInfo info;
        CliFiles.checkReadable(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            info = Segcrypt.inspect(in, segments::add);
        }
        long plaintext =
                segments.stream().mapToLong(SegmentInfo::plaintextBytes).sum();
        long frames = segments.stream().mapToLong(SegmentInfo::dataFrames).sum();
        out.printf("file:          %s (%,d bytes)%n", file, Files.size(file));
        out.printf("format:        segcrypt stream, version %d%n", info.formatVersion());
        out.printf("suite:         %s%n", info.suite().displayName());
        out.printf("frame size:    %s%n", Sizes.format(info.frameSizeBytes()));
        out.printf("segment size:  %s%n", Sizes.format(info.segmentSizeBytes()));
        out.printf("stream id:     %s%n", info.streamIdHex());
        out.printf(
                "key:           %s%n",
                info.passphrase()
                        .map(p -> "passphrase (Argon2id, " + Sizes.format(p.memoryKiB() * 1024L) + ", " + p.iterations()
                                + " passes, " + p.parallelism() + " lane" + (p.parallelism() == 1 ? "" : "s") + ")")
                        .orElse("key file"));
        out.printf(
                "plaintext:     %,d bytes in %d segment%s, %,d data frames%n",
                plaintext, segments.size(), segments.size() == 1 ? "" : "s", frames);
        out.printf("%nsegment        offset     plaintext          wire   frames  final%n");
        for (SegmentInfo s : segments) {
            out.printf(
                    "%7d  %12d  %12d  %12d  %7d  %s%n",
                    s.index(), s.offset(), s.plaintextBytes(), s.wireBytes(), s.frames(), s.isFinal() ? "yes" : "no");
        }
        out.printf("(frames = data frames + digest frame + terminator frame)%n");
        return 0;
    }
}
