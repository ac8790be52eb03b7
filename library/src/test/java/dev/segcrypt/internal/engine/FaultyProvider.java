package dev.segcrypt.internal.engine;

import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;

/**
 * A JCA provider of {@code AES/GCM/NoPadding} that runs SunJCE underneath and injects one fault
 * into the n-th {@code doFinal} call it sees (counted across all its cipher instances): the
 * provider seam through which tests fault the engine where a real provider would.
 */
final class FaultyProvider extends java.security.Provider {

    private static final long serialVersionUID = 1L;

    /** What the faulty call does. */
    enum Fault {
        /** throws a {@link ProviderException}, as a broken provider or a hardware module would */
        THROWS_UNCHECKED,
        /** throws a checked {@link GeneralSecurityException} ({@link ShortBufferException}) */
        THROWS_CHECKED,
        /** does the work but reports one byte fewer than a frame needs */
        SHORT_OUTPUT,
        /** throws an {@link Error} ({@link StackOverflowError}) */
        ERROR,
        /** blocks until {@link #release} opens, then does the work; the next call throws */
        STALLS_THEN_NEXT_THROWS
    }

    final transient Fault fault;
    final int faultyCall; // 1-based
    final transient AtomicInteger calls = new AtomicInteger();
    final transient CountDownLatch stalled = new CountDownLatch(1); // the stalling call has begun
    final transient CountDownLatch thrown = new CountDownLatch(1); // a throwing fault was thrown
    final transient CountDownLatch release = new CountDownLatch(1); // lets the stalling call go on
    volatile boolean stallEnded; // the stalling call has returned

    FaultyProvider(Fault fault, int faultyCall) {
        super("SegcryptFaulty", "1", "SunJCE's AES-GCM with one injected fault");
        this.fault = fault;
        this.faultyCall = faultyCall;
        putService(new Service(this, "Cipher", "AES/GCM/NoPadding", FaultyCipher.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new FaultyCipher(FaultyProvider.this);
            }
        });
    }

    /** SunJCE's AES-GCM with the provider's fault on its faulty call. */
    static final class FaultyCipher extends CipherSpi {
        private final FaultyProvider provider;
        private final Cipher delegate;

        FaultyCipher(FaultyProvider provider) {
            this.provider = provider;
            try {
                this.delegate = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            } catch (GeneralSecurityException e) {
                throw new AssertionError("SunJCE offers AES/GCM/NoPadding", e);
            }
        }

        @Override
        protected int engineDoFinal(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
                throws ShortBufferException, javax.crypto.IllegalBlockSizeException, javax.crypto.BadPaddingException {
            int call = provider.calls.incrementAndGet();
            Fault fault = call == provider.faultyCall ? provider.fault : null;
            if (provider.fault == Fault.STALLS_THEN_NEXT_THROWS && call == provider.faultyCall + 1) {
                provider.thrown.countDown();
                throw new ProviderException("injected after a stall, in doFinal call " + call);
            }
            if (fault == null) {
                return delegate.doFinal(input, inputOffset, inputLen, output, outputOffset);
            }
            switch (fault) {
                case THROWS_UNCHECKED -> {
                    provider.thrown.countDown();
                    throw new ProviderException("injected in doFinal call " + call);
                }
                case THROWS_CHECKED -> {
                    provider.thrown.countDown();
                    throw new ShortBufferException("injected in doFinal call " + call);
                }
                case ERROR -> {
                    provider.thrown.countDown();
                    throw new StackOverflowError("injected in doFinal call " + call);
                }
                case SHORT_OUTPUT -> {
                    return delegate.doFinal(input, inputOffset, inputLen, output, outputOffset) - 1;
                }
                case STALLS_THEN_NEXT_THROWS -> {
                    provider.stalled.countDown();
                    try {
                        if (!provider.release.await(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("the test never released the stalled call");
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError("a carrier was interrupted", e);
                    }
                    int written = delegate.doFinal(input, inputOffset, inputLen, output, outputOffset);
                    provider.stallEnded = true;
                    return written;
                }
                default -> throw new AssertionError(fault);
            }
        }

        @Override
        protected byte[] engineDoFinal(byte[] input, int inputOffset, int inputLen) {
            throw new UnsupportedOperationException("segcrypt always passes an output array");
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameterSpec params, SecureRandom random)
                throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
            delegate.init(opmode, key, params, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, SecureRandom random) throws java.security.InvalidKeyException {
            delegate.init(opmode, key, random);
        }

        @Override
        protected void engineInit(int opmode, Key key, AlgorithmParameters params, SecureRandom random)
                throws java.security.InvalidKeyException, java.security.InvalidAlgorithmParameterException {
            delegate.init(opmode, key, params, random);
        }

        @Override
        protected void engineUpdateAAD(byte[] src, int offset, int len) {
            delegate.updateAAD(src, offset, len);
        }

        @Override
        protected void engineUpdateAAD(ByteBuffer src) {
            delegate.updateAAD(src);
        }

        @Override
        protected byte[] engineUpdate(byte[] input, int inputOffset, int inputLen) {
            return delegate.update(input, inputOffset, inputLen);
        }

        @Override
        protected int engineUpdate(byte[] input, int inputOffset, int inputLen, byte[] output, int outputOffset)
                throws ShortBufferException {
            return delegate.update(input, inputOffset, inputLen, output, outputOffset);
        }

        @Override
        protected void engineSetMode(String mode) {}

        @Override
        protected void engineSetPadding(String padding) throws NoSuchPaddingException {}

        @Override
        protected int engineGetBlockSize() {
            return delegate.getBlockSize();
        }

        @Override
        protected int engineGetOutputSize(int inputLen) {
            return delegate.getOutputSize(inputLen);
        }

        @Override
        protected byte[] engineGetIV() {
            return delegate.getIV();
        }

        @Override
        protected AlgorithmParameters engineGetParameters() {
            return delegate.getParameters();
        }
    }
}
