package dev.segcrypt.internal.telemetry;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A JDK Flight Recorder event per segment operation, so segments show up in JMC. No secrets. */
@Name("dev.segcrypt.Segment")
@Label("Segment")
@Category("segcrypt")
@Description("One segment encrypted or decrypted")
@StackTrace(false)
public final class SegmentEvent extends Event {
    @Label("Operation")
    public String operation;

    @Label("Segment Index")
    public long segmentIndex;

    @Label("Plaintext")
    @DataAmount
    public long plaintextBytes;

    @Label("Wire")
    @DataAmount
    public long wireBytes;

    @Label("Data Frames")
    public int dataFrames;

    @Label("Engine")
    public String engine;

    @Label("Provider")
    public String provider;
}
