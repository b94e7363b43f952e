// Keeps one broken block from taking the page down, in the browser. On the
// server the surrounding <Suspense> does the same: React renders its fallback
// when a block throws during server rendering.
import { Component, type ReactNode, Suspense } from 'react';
import { BrokenBlock } from './placeholder.js';

class Boundary extends Component<{ type: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <BrokenBlock type={this.props.type} /> : this.props.children;
  }
}

export function BlockBoundary({ type, children }: { type: string; children: ReactNode }) {
  return (
    <Boundary type={type}>
      <Suspense fallback={<BrokenBlock type={type} />}>{children}</Suspense>
    </Boundary>
  );
}
