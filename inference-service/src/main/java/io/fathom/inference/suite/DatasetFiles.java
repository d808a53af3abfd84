package io.fathom.inference.suite;

import io.fathom.contracts.result.ErrorCode;
import io.fathom.inference.config.InferenceConfig;
import io.fathom.inference.suite.DatasetReader.DatasetException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The only way a file named by a request is opened. A request comes from whoever can produce to
 * the requests topic, so the file must be a regular file whose real path lies in a configured
 * root, and reading it is bounded in bytes, lines, line length and time; every refusal names the
 * bound and the property that sets it, never what the file holds.
 */
public final class DatasetFiles {

    /** The bounds, from {@code fathom.inference.dataset-*}. */
    public record Limits(Optional<List<String>> roots, long maxBytes, int maxLines, int maxLineChars,
            Duration readTimeout) {

        public static Limits of(InferenceConfig config) {
            return new Limits(config.datasetRoots(), config.datasetMaxBytes(), config.datasetMaxLines(),
                    config.datasetMaxLineChars(), config.datasetReadTimeout());
        }
    }

    private DatasetFiles() {
    }

    /** Checks the file named by {@code uri} and opens it for reading line by line. */
    public static Lines open(String uri, Limits limits) throws DatasetException {
        List<String> roots = limits.roots().orElse(List.of());
        if (roots.isEmpty()) {
            throw new DatasetException(ErrorCode.DATASET_FORBIDDEN, uri + ": this service reads no dataset files"
                    + " until fathom.inference.dataset-roots names the directories they may lie in");
        }
        Path path = toPath(uri).toAbsolutePath().normalize();
        List<Path> lexicalRoots = roots.stream().map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
        // lexically first, so that nothing outside the roots is even looked at
        if (lexicalRoots.stream().noneMatch(path::startsWith)) {
            throw outside(uri, roots);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new DatasetException(uri + ": file does not exist");
        } catch (IOException e) {
            throw new DatasetException(uri + ": cannot be resolved (" + e.getClass().getSimpleName() + ")");
        }
        // then resolved: a link inside a root to a file outside every root is refused
        if (lexicalRoots.stream().map(DatasetFiles::realOrNull).filter(Objects::nonNull).noneMatch(real::startsWith)) {
            throw outside(uri, roots);
        }
        long size;
        try {
            // stat only: opening a FIFO would block until a writer comes, reading a device never ends
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new DatasetException(ErrorCode.DATASET_FORBIDDEN, uri + ": not a regular file ("
                        + (attributes.isDirectory() ? "a directory" : "a device, FIFO or socket")
                        + "); only regular files in fathom.inference.dataset-roots are read");
            }
            size = attributes.size();
        } catch (IOException e) {
            throw new DatasetException(uri + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (size > limits.maxBytes()) {
            throw new DatasetException(ErrorCode.DATASET_TOO_LARGE, uri + ": " + size + " bytes, over the limit of "
                    + limits.maxBytes() + " bytes per dataset file (fathom.inference.dataset-max-bytes)");
        }
        try {
            // the checked path, not followed again: a link put in its place meanwhile fails to open
            return new Lines(uri, Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS), limits);
        } catch (IOException e) {
            throw new DatasetException(uri + ": file is not readable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static DatasetException outside(String uri, List<String> roots) {
        return new DatasetException(ErrorCode.DATASET_FORBIDDEN, uri + ": outside the dataset directories this"
                + " service reads " + roots + " (fathom.inference.dataset-roots)");
    }

    private static Path realOrNull(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return null; // a root that does not exist holds nothing
        }
    }

    private static Path toPath(String uri) throws DatasetException {
        try {
            return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(uri + ": not a file path or file: URI (" + e.getMessage() + ")");
        }
    }

    /** A dataset's UTF-8 lines ({@code \n} or {@code \r\n}), numbered from 1, within the bounds. */
    public static final class Lines implements Closeable {

        private final String uri;
        private final Limits limits;
        private final Reader reader;
        private final long deadline;
        private final char[] buffer = new char[8192];
        private int position;
        private int end;
        private int number;

        private Lines(String uri, InputStream in, Limits limits) {
            this.uri = uri;
            this.limits = limits;
            this.reader = new InputStreamReader(new Bounded(in, limits.maxBytes()),
                    StandardCharsets.UTF_8.newDecoder());
            this.deadline = System.nanoTime() + limits.readTimeout().toNanos();
        }

        /** The number of the line {@link #next} returned last. */
        public int number() {
            return number;
        }

        /** The next line without its terminator, or null at the end of the file. */
        public String next() throws DatasetException {
            StringBuilder line = new StringBuilder();
            boolean any = false;
            while (true) {
                if (position == end && !fill()) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
                any = true;
                int start = position;
                while (position < end && buffer[position] != '\n') {
                    position++;
                }
                // one more for the '\r' of a "\r\n"; checked as it grows, so a line without end is not held whole
                if (line.length() + position - start > limits.maxLineChars() + 1) {
                    throw lineTooLong();
                }
                line.append(buffer, start, position - start);
                if (position < end) {
                    position++;
                    break;
                }
            }
            if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                line.setLength(line.length() - 1);
            }
            if (line.length() > limits.maxLineChars()) {
                throw lineTooLong();
            }
            if (++number > limits.maxLines()) {
                throw new DatasetException(ErrorCode.DATASET_TOO_LARGE, uri + ": more than the limit of "
                        + limits.maxLines() + " lines per dataset file (fathom.inference.dataset-max-lines)");
            }
            return line.toString();
        }

        private DatasetException lineTooLong() {
            return new DatasetException(ErrorCode.DATASET_TOO_LARGE, uri + " line " + (number + 1)
                    + ": longer than the limit of " + limits.maxLineChars()
                    + " characters per line (fathom.inference.dataset-max-line-chars)");
        }

        private boolean fill() throws DatasetException {
            if (System.nanoTime() - deadline >= 0) {
                throw new DatasetException(ErrorCode.DATASET_TOO_LARGE, uri + ": not read within the limit of "
                        + limits.readTimeout().toMillis() + " ms (fathom.inference.dataset-read-timeout)");
            }
            try {
                int read = reader.read(buffer);
                position = 0;
                end = Math.max(read, 0);
                return read > 0;
            } catch (Bounded.Exceeded e) {
                throw new DatasetException(ErrorCode.DATASET_TOO_LARGE, uri + ": more than the limit of "
                        + limits.maxBytes() + " bytes per dataset file (fathom.inference.dataset-max-bytes)"
                        + " (it grew as it was read)");
            } catch (CharacterCodingException e) {
                throw new DatasetException(uri + ": not valid UTF-8 (after line " + number + ")");
            } catch (IOException e) {
                throw new DatasetException(uri + ": read failed (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                // nothing was written: a failed close of a file read to its end loses nothing
            }
        }
    }

    /** Fails a read past {@code max} bytes: the size checked before opening may have grown since, or lied (procfs). */
    private static final class Bounded extends FilterInputStream {

        private final long max;
        private long count;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int read = super.read(bytes, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        private void counted(int read) throws Exceeded {
            count += read;
            if (count > max) {
                throw new Exceeded();
            }
        }

        static final class Exceeded extends IOException {
            Exceeded() {
                super(null, null);
            }
        }
    }
}
